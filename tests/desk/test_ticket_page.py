"""The desk's ticket page: thread, intake fields, actions on offer, links, timeline."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import AgentFactory, MessageFactory, TagFactory, TicketFactory
from tests.factories_side import inbound_answer, side_thread
from tickets import services
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def _page(user, ticket):
    client = Client()
    client.force_login(user)
    return client.get(f"/desk/tickets/{ticket.pk}/")


def _offered_transitions(html: str) -> list[str]:
    return re.findall(r'name="transition" value="([a-z_]+)"', html)


def test_thread_sets_internal_notes_apart_in_style_and_words(agent):
    ticket = TicketFactory()
    MessageFactory(ticket=ticket, from_customer=True, body="It still fails.")
    MessageFactory(ticket=ticket, internal=True, body="Looks like the cache.")
    MessageFactory(ticket=ticket, kind=MessageKind.SYSTEM_NOTE, author=None, body="Hold expired.")
    MessageFactory(ticket=ticket, body="Please clear the cache.")

    html = _page(agent, ticket).content.decode()

    assert html.count('class="message-card is-internal"') == 1
    assert html.count('class="message-card is-internal is-system"') == 1
    assert html.count('class="message-card is-customer"') == 1
    assert html.count('class="message-card"') == 1  # the public reply
    assert html.count("Internal note · only staff see this") == 1
    assert html.count("System note · only staff see this") == 1
    assert html.count(">Customer reply</strong>") == 1
    assert html.count(">Public reply</strong>") == 1
    order = [
        html.index(text) for text in ("It still fails", "the cache.", "Hold expired", "Please")
    ]
    assert order == sorted(order)


def test_intake_fields_and_attachments_are_shown(agent, customer):
    ticket = services.submit_ticket(
        actor=customer,
        subject="Checkout fails",
        description="Pay button does *nothing*.",
        category="issue_with_error",
        production_url="https://shop.example.com/checkout",
        version_seen="4.2.1",
        browser="Firefox 128",
        steps_to_reproduce="1. Add to cart\n2. Pay",
        error_text="TypeError: x is undefined",
        attachments=[SimpleUploadedFile("console.log", b"boom", content_type="text/plain")],
    )

    html = _page(agent, ticket).content.decode()

    assert '<a href="https://shop.example.com/checkout" rel="noopener noreferrer nofollow"' in html
    assert "<dd>4.2.1</dd>" in html
    assert "<dd>Firefox 128</dd>" in html
    assert '<pre class="intake-text">1. Add to cart\n2. Pay</pre>' in html
    assert '<pre class="intake-text">TypeError: x is undefined</pre>' in html
    assert "<em>nothing</em>" in html
    attachment = ticket.attachments.get()
    assert f'href="/attachments/{attachment.pk}/console.log"' in html


def test_a_production_url_that_is_not_http_is_shown_but_not_linked(agent):
    ticket = TicketFactory(production_url="javascript:alert(1)")

    html = _page(agent, ticket).content.decode()

    assert "<dd>javascript:alert(1)</dd>" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({}, ["set_pending", "wait_on_customer", "resolve", "close", "hold", "request_review"]),
        ({"pending": True}, ["wait_on_customer", "resolve", "close", "hold", "request_review"]),
        ({"resolved": True}, ["close", "reopen"]),
        ({"closed": True}, ["reopen"]),
    ],
)  # fmt: skip
def test_buttons_are_exactly_the_transitions_available_now(agent, traits, expected):
    ticket = TicketFactory(**traits)

    html = _page(agent, ticket).content.decode()

    assert _offered_transitions(html) == expected
    assert html.count(f'name="expected_status" value="{ticket.status}"') == len(expected)


def test_hold_asks_for_days_and_review_for_a_reason(agent):
    html = _page(agent, TicketFactory()).content.decode()

    assert '<summary class="button is-small">Hold…</summary>' in html
    assert (
        'id="hold-days" type="number" name="hold_days" min="1" max="365" value="3" required' in html
    )
    assert '<label class="label is-small" for="hold-days">Days on hold</label>' in html
    assert '<summary class="button is-small">Send to Review…</summary>' in html
    assert 'for="comment-request_review">What needs reviewing?</label>' in html
    assert 'id="comment-request_review" name="comment" rows="2" required' in html


def test_send_and_set_pending_is_offered_only_where_it_can_apply(agent):
    open_html = _page(agent, TicketFactory()).content.decode()
    pending_html = _page(agent, TicketFactory(pending=True)).content.decode()
    closed_html = _page(agent, TicketFactory(closed=True)).content.decode()

    assert 'value="reply_pending"' in open_html
    assert 'value="reply_pending"' in pending_html  # answering again restarts the reminder
    assert 'value="reply_pending"' not in closed_html
    for html in (open_html, pending_html, closed_html):
        assert 'value="reply" class="button is-link"' in html
        assert 'value="note" class="button is-warning"' in html
    assert "This ticket is Closed: a reply does not reopen it." in closed_html
    assert "a reply does not reopen it" not in open_html


def test_an_agent_may_take_an_unassigned_ticket_but_sees_no_assign_menu(agent):
    html = _page(agent, TicketFactory()).content.decode()

    assert ">Take it</button>" in html
    assert ">Release</button>" not in html
    assert 'id="assign-to"' not in html


def test_an_agent_may_release_their_own_ticket(agent):
    html = _page(agent, TicketFactory(assignee=agent)).content.decode()

    assert "tina (you)" in html
    assert ">Take it</button>" not in html
    assert ">Release</button>" in html


def test_an_agent_may_not_take_a_ticket_someone_else_holds(agent):
    html = _page(agent, TicketFactory(assignee=AgentFactory(username="omar"))).content.decode()

    assert "omar" in html
    assert ">Take it</button>" not in html
    assert ">Release</button>" not in html


def test_a_lead_gets_a_menu_of_agents(lead, agent):
    holder = AgentFactory(username="omar")
    ticket = TicketFactory(assignee=holder)

    html = _page(lead, ticket).content.decode()

    assert '<label class="label is-small" for="assign-to">Assign to</label>' in html
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]+)</option>', html)
    assert options == [
        ("", "", "Nobody"),
        (str(lead.pk), "", "lena"),
        (str(holder.pk), " selected", "omar"),
        (str(agent.pk), "", "tina"),
    ]
    assert ">Take it</button>" in html


def test_tags_are_listed_with_a_labelled_remove_button(agent):
    ticket = TicketFactory()
    ticket.tags.add(TagFactory(name="Spanish"))

    html = _page(agent, ticket).content.decode()

    assert '<span class="tag ticket-tag">Spanish</span>' in html
    assert 'aria-label="Remove tag Spanish"' in html
    assert '<label class="label is-small" for="tag-add">Add tags</label>' in html


def test_a_closed_ticket_and_the_ticket_its_reply_opened_link_to_each_other(agent, customer):
    closed = TicketFactory(requester=customer, closed=True, subject="Old problem")
    outcome = services.customer_reply(closed, actor=customer, body="It is back.")
    follow_up = outcome.ticket

    closed_html = _page(agent, closed).content.decode()
    follow_up_html = _page(agent, follow_up).content.decode()

    assert f'<a href="/desk/tickets/{follow_up.pk}/">#{follow_up.pk} Old problem</a>' in closed_html
    assert (
        f'Opened by a customer reply to closed ticket <a href="/desk/tickets/{closed.pk}/">'
        f"#{closed.pk}</a>." in follow_up_html
    )


def test_the_timeline_shows_each_transition_with_who_and_why(agent):
    ticket = TicketFactory()
    services.transition(ticket, actor=agent, name="request_review", comment="Check the refund.")
    services.transition(ticket, actor=agent, name="resolve")

    html = _page(agent, ticket).content.decode()

    timeline = html[html.index('id="timeline-heading"') :]
    assert timeline.count("<li>") == 1  # submitted
    assert timeline.count('<li class="timeline-change">') == 2  # review, resolve
    assert (
        'Open <span aria-hidden="true">→</span><span class="is-sr-only">to</span> Review'
        in timeline
    )
    assert '<blockquote class="timeline-comment">Check the refund.</blockquote>' in timeline
    assert (
        'Review <span aria-hidden="true">→</span><span class="is-sr-only">to</span> Resolved'
        in timeline
    )
    assert timeline.count("by tina") == 2


def test_the_page_has_a_title_landmarks_and_the_desk_script(agent):
    ticket = TicketFactory(subject="Checkout fails")

    html = _page(agent, ticket).content.decode()

    assert f"<title>#{ticket.pk} Checkout fails · Helpdesk</title>" in html
    assert '<nav class="breadcrumb is-small" aria-label="Breadcrumb">' in html
    assert '<aside id="ticket-state"' in html
    assert '<script src="/static/js/desk.js" defer></script>' in html
    assert 'for="id_body" id="reply-body-label"' in html
    assert 'hx-post="/preview/markdown/" hx-include="#id_body"' in html


@pytest.mark.parametrize("messages", [1, 20])
def test_the_ticket_page_costs_the_same_queries_however_long_the_thread(
    lead, django_assert_num_queries, messages
):
    # Filed by an agent on the phone (issue 14): the page names them with no query of its own.
    ticket = TicketFactory(filed_by=AgentFactory(username="fred"), filed_via="phone")
    ticket.tags.add(TagFactory(name="Billing"))
    thread = [
        MessageFactory(ticket=ticket, internal=True, body=f"Note {i} of the thread.")
        for i in range(messages)
    ]
    files = []
    for message in thread:
        upload = SimpleUploadedFile("a.txt", b"x", content_type="text/plain")
        files.append(
            message.attachments.create(
                ticket=ticket,
                file=upload,
                filename="a.txt",
                content_type="text/plain",
                size=1,
                uploaded_by=lead,
                created_at=message.created_at,
            )
        )
    services.transition(ticket, actor=lead, name="set_pending")
    # Side threads with partners (issue 13): 1 or 5, each with a partner's answer.
    side = [side_thread(ticket, lead) for _ in range(1 if messages == 1 else 5)]
    for partner_thread in side:
        inbound_answer(partner_thread, "Fixed on our side.")
    services.add_cc(ticket, "cfo@example.com", actor=lead)
    # Issue 15's findings (a workaround) come with the ticket's own read: no query of their own.
    services.record_findings(
        ticket,
        actor=lead,
        findings=services.Findings(cause="Stale cache.", fix="Flush it.", outcome="workaround"),
    )
    # Timeline events (issue 14) come with the thread's one read: as many as the messages.
    for i in range(messages):
        services.change_tags(ticket, actor=lead, add=[f"Tag {i}"])
    client = Client()
    client.force_login(lead)
    # session, user, groups, ticket, its tags, follow-ups, agents for the assign menu,
    # timeline, description attachments, thread, attachments of the thread
    # … plus the SLA panel: the clocks and their events, the badge clock with policy and calendar
    # … plus the panels of issues 7 and 8 (tasks: 1; known issues; time); the bell's unread count
    # … plus the side threads (issue 13: 1; their messages come with the thread's)
    # … plus issue 13's followers copied on the replies (CC): 1
    # + the running timer of the desk header (timesheets, one indexed query)
    # … plus issue 15's articles that answer the ticket, each with its count of answers: 1
    # … plus issue 15's doc requests the ticket is in ("Doc requested"): 1
    # … plus the organization's profile panel (issue 15), its Deep Dive's number with it: 1
    # … plus issue 16's first-response clock (badge and panel share it): 1
    # … plus the watchers panel (seed 003-55): its watchers and the staff to add: 2
    # … plus the partner tickets panel (003-61): its partner tickets and the partners: 2; and the
    # side-thread form's partner contacts to use (003-60): 1
    # … plus issue 16's On-Call banner (an escalation waiting for a lead?): 1; the SLA panel's
    # time-box nudge reads the tier's escalation rules, which the page had already read
    with django_assert_num_queries(37):
        response = client.get(f"/desk/tickets/{ticket.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    assert "Nobody watches this ticket." in html
    assert "No partner ticket recorded." in html
    for message in thread:
        assert f'id="message-{message.pk}"' in html
        assert f"<p>{message.body}</p>" in html
    assert html.count("Internal note · only staff see this") == messages
    for partner_thread in side:
        label = f'· side thread <a href="#side-thread-{partner_thread.pk}">'
        assert html.count(label) == 2
        card = f'class="message-card is-internal side-thread" id="side-thread-{partner_thread.pk}"'
        assert card in html
    assert html.count("Side thread: Channel sync of booking 4411</h3>") == len(side)
    for attachment in files:
        assert f'href="{reverse("attachment-download", args=[attachment.pk, "a.txt"])}"' in html
    assert '<span class="tag ticket-tag">Billing</span>' in html
    assert 'data-status="pending">Pending</span>' in html
    assert '<span class="cc-email">cfo@example.com</span>' in html
    assert "filed by fred on behalf of" in html
    assert f"{ticket.requester.get_username()} (phone)" in html
    timeline = html[html.index('id="timeline-heading"') :]
    # the tags, the CC and the workaround
    assert timeline.count('class="timeline-event"') == messages + 2
    for i in range(messages):
        assert f"lena tagged <strong>Tag {i}</strong>." in timeline
    assert "lena copied cfo@example.com on the replies." in timeline
    assert "Workaround in place, permanent fix pending</span>" in html
    assert '<dt>Cause</dt><dd class="content"><p>Stale cache.</p></dd>' in html
    assert "By lena, " in html
