"""One timeline (issue 14): assignments, tier moves, tags, CCs and links are compact lines in the
desk's sidebar timeline beside the status changes, not notes in the conversation, and no
customer ever reads them, on the portal, in the API or in an email."""

import pytest
from django.core import mail
from django.test import Client

from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, TicketFactory
from tickets import selectors, services
from tickets.models import Message, Tier
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _busy_ticket(agent, lead):
    """A ticket someone took, tagged, copied someone on, moved to T2, and a lead gave to tina."""
    ticket = TicketFactory(subject="Checkout fails")
    services.take(ticket, actor=lead)
    services.change_tags(ticket, actor=lead, add=["Billing", "VIP"])
    services.add_cc(ticket, "cfo@example.com", actor=lead)
    services.move_to_tier(ticket, actor=lead, tier=Tier.objects.get(code="T2"))
    services.assign(ticket, actor=lead, assignee=agent)
    services.reply(ticket, actor=agent, body="We are on it.")
    return ticket


EVENTS = [
    "Taken by lena.",
    "lena tagged <strong>Billing</strong>, <strong>VIP</strong>.",
    "lena copied cfo@example.com on the replies.",
    "Moved from Triage to T2 by lena.",
    "Assigned to tina by lena.",
]


def test_moves_assignments_tags_and_ccs_are_lines_of_the_timeline_not_of_the_conversation(
    agent, lead
):
    ticket = _busy_ticket(agent, lead)

    html = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    conversation = html[html.index('id="thread-heading"') : html.index('id="reply-heading"')]
    timeline = html[html.index('id="timeline-heading"') :]
    for line in EVENTS:
        assert f'<div class="timeline-text"><p>{line}</p></div>' in timeline
        assert line not in conversation
    assert timeline.count('class="timeline-event"') == len(EVENTS)
    assert "We are on it." in conversation  # what people write stays in the conversation
    assert "System note" not in html


def test_the_timeline_puts_status_changes_and_events_in_the_order_they_happened(agent):
    ticket = TicketFactory()
    services.take(ticket, actor=agent)
    services.transition(ticket, actor=agent, name="request_review", comment="Check the refund.")
    services.change_tags(ticket, actor=agent, add=["Refund"])

    entries = selectors.timeline_of(ticket)

    assert [(e.body or e.change.transition, e.actor) for e in entries] == [
        ("Taken by tina.", agent),
        ("request_review", agent),
        ("tina tagged **Refund**.", agent),
    ]
    html = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    timeline = html[html.index('id="timeline-heading"') :]
    assert (
        timeline.index("Taken by tina.")
        < timeline.index('<blockquote class="timeline-comment">Check the refund.</blockquote>')
        < timeline.index("tina tagged <strong>Refund</strong>.")
    )


def test_the_state_panel_swapped_in_after_an_action_shows_the_new_event(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/take/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="timeline-text"><p>Taken by tina.</p></div>' in html


def test_giving_a_ticket_to_whoever_already_holds_it_writes_no_event(agent, lead):
    ticket = TicketFactory(assignee=agent)
    services.assign(ticket, actor=lead, assignee=agent)
    assert not Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).exists()


def test_the_customer_never_reads_an_event_on_the_portal_in_the_api_or_by_email(agent, lead):
    ticket = _busy_ticket(agent, lead)
    customer = ticket.requester
    events = list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).values_list("pk", "body")
    )
    assert len(events) == len(EVENTS)

    portal = _client(customer).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    api = _client(customer).get(f"/api/tickets/{ticket.pk}/messages/").json()
    sender.send_pending()

    assert "We are on it." in portal
    assert [m["body"] for m in api] == ["We are on it."]
    mails = Notification.objects.filter(ticket_number=ticket.pk)
    assert mails.exists()
    texts = [n.body_text + n.body_html for n in mails] + [str(m.message()) for m in mail.outbox]
    for _pk, body in events:
        words = body.rstrip(".").split("**")[0]
        assert words not in portal
        assert not any(words in text for text in texts)
    assert "tagged" not in portal
    assert "Moved from" not in portal


def test_staff_read_the_events_in_the_api_as_their_own_kind(agent, lead):
    ticket = _busy_ticket(agent, lead)
    other = AgentFactory(username="otto")

    kinds = [m["kind"] for m in _client(other).get(f"/api/tickets/{ticket.pk}/messages/").json()]

    assert kinds == ["event"] * len(EVENTS) + ["public_reply"]
