"""The tracker pages without JavaScript: list, create (from tickets), detail, link, status,
bulk answer compose → preview → send; the ticket panel, the search and the leads' signals."""

import pytest
from django.test import Client

from knownissues import services
from knownissues.models import BulkAnswer, DismissedSignal, KnownIssue, KnownIssueLink
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import TagFactory, TicketFactory
from tests.knownissues.factories import KnownIssueFactory, capture_bulk_sends
from tickets import services as tickets
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def test_the_list_filters_by_status_and_search(client_for, agent):
    KnownIssueFactory(title="Checkout 502", slug="checkout-502")
    KnownIssueFactory(title="Export is empty", slug="export-empty", resolved=True)

    html = client_for(agent).get("/desk/known-issues/?q=checkout").content.decode()
    assert "Checkout 502" in html
    assert "Export is empty" not in html

    html = client_for(agent).get("/desk/known-issues/?status=resolved").content.decode()
    assert "Export is empty" in html
    assert "Checkout 502" not in html


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_issues(
    client_for, lead, django_assert_num_queries, rows
):
    issues = KnownIssueFactory.create_batch(rows)
    for issue in issues:
        KnownIssueLink.objects.create(
            known_issue=issue, ticket=TicketFactory(), linked_by=lead, linked_at=issue.created_at
        )
    client = client_for(lead)
    # session, user, groups, count, page of issues (counts annotated), signals: dismissed ones,
    # tags and issues to post (no candidate tag here, so no sample or known-issue-tag query);
    # the bell's unread count
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(10):
        response = client.get("/desk/known-issues/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    assert html.count("<tr data-issue=") == rows
    for issue in issues:
        assert f'<tr data-issue="{issue.pk}">' in html
        assert f"<code>{issue.tag_name}</code>" in html
        assert f"<td>{issue.title}</td>" in html
    assert html.count("<td>1 (1)</td>") == rows  # one linked ticket, open


@pytest.mark.parametrize("rows", [5, 50])
def test_the_detail_costs_the_same_queries_for_5_and_50_tickets(
    client_for, agent, django_assert_num_queries, rows
):
    issue = KnownIssueFactory()
    linked = TicketFactory.create_batch(rows)
    for ticket in linked:
        KnownIssueLink.objects.create(
            known_issue=issue, ticket=ticket, linked_by=agent, linked_at=issue.created_at
        )
    client = client_for(agent)
    # session, user, groups, issue with counts, open draft, links with tickets, bulk answers,
    # the status-page policy's permission lookups, the bell's unread count
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(11):
        response = client.get(f"/desk/known-issues/{issue.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    assert f"{rows} tickets linked, {rows} open" in html
    assert html.count("<tr data-ticket=") == rows
    for ticket in linked:
        assert f">#{ticket.pk} {ticket.subject}</a></td>" in html
        assert f"<td>{ticket.organization.name}</td>" in html
    assert html.count(f"<td>{agent.username}, ") == rows  # linked by


def test_create_from_a_signal_links_the_checked_tickets(client_for, lead):
    numbers = [TicketFactory().pk for _ in range(3)]
    query = "&".join(f"tickets={n}" for n in numbers)
    client = client_for(lead)

    form = client.get(f"/desk/known-issues/new/?tag=export%20broken&{query}").content.decode()
    assert 'value="export broken"' in form
    assert form.count('name="tickets"') == 3

    response = client.post(
        "/desk/known-issues/new/",
        {
            "title": "Fixed: CSV export empty",
            "slug": "export broken",
            "status": "investigating",
            "tickets": [str(n) for n in numbers[:2]],
        },
    )

    issue = KnownIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/known-issues/{issue.pk}/"
    assert sorted(issue.tickets.values_list("pk", flat=True)) == numbers[:2]
    assert issue.slug == "export-broken"


def test_create_with_errors_shows_them_and_writes_nothing(client_for, agent):
    response = client_for(agent).post(
        "/desk/known-issues/new/", {"title": "", "status": "investigating"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert KnownIssue.objects.count() == 0


def test_link_from_the_ticket_page_goes_back_there(client_for, agent):
    issue = KnownIssueFactory(slug="checkout-502")
    ticket = TicketFactory()
    response = client_for(agent).post(
        "/desk/known-issues/link/",
        {"known_issue": issue.tag_name, "ticket": ticket.pk, "next": f"/desk/tickets/{ticket.pk}/"},
    )
    assert response["Location"] == f"/desk/tickets/{ticket.pk}/"
    assert list(issue.tickets.all()) == [ticket]


def test_link_refuses_an_outside_next_url(client_for, agent):
    issue = KnownIssueFactory()
    ticket = TicketFactory()
    response = client_for(agent).post(
        "/desk/known-issues/link/",
        {"known_issue": issue.pk, "ticket": ticket.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/desk/known-issues/{issue.pk}/"


def test_linking_an_unknown_issue_says_so(client_for, agent):
    ticket = TicketFactory()
    response = client_for(agent).post(
        "/desk/known-issues/link/", {"known_issue": "999", "ticket": ticket.pk}, follow=True
    )
    assert "No known issue 999." in response.content.decode()
    assert KnownIssueLink.objects.count() == 0


def test_the_ticket_page_shows_the_panel(client_for, agent):
    issue = KnownIssueFactory(slug="checkout-502")
    ticket = TicketFactory()
    services.link_ticket(issue, ticket, actor=agent)
    html = client_for(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "data-known-issues-panel" in html
    assert f"<code>{issue.pk}-checkout-502</code>" in html
    assert f'action="/desk/known-issues/{issue.pk}/unlink/{ticket.pk}/"' in html


def test_resolving_sends_the_agent_to_the_bulk_answer(client_for, agent):
    issue = KnownIssueFactory(known=True)
    response = client_for(agent).post(
        f"/desk/known-issues/{issue.pk}/status/", {"status": "resolved"}
    )
    assert response["Location"] == f"/desk/known-issues/{issue.pk}/#bulk-answer"
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESOLVED


def test_bulk_answer_compose_preview_send(client_for, agent, monkeypatch):
    capture_bulk_sends(monkeypatch, [])
    issue = KnownIssueFactory(known=True)
    linked = [TicketFactory(), TicketFactory(closed=True)]
    for ticket in linked:
        services.link_ticket(issue, ticket, actor=agent)
    services.change_status(issue, actor=agent, status=IssueStatus.RESOLVED)
    client = client_for(agent)

    response = client.post(
        f"/desk/known-issues/{issue.pk}/bulk-answer/",
        {"body": "It is **fixed**.", "resolve_tickets": "on"},
    )
    answer = BulkAnswer.objects.get()
    assert response["Location"] == f"/desk/known-issues/{issue.pk}/bulk-answer/{answer.pk}/"

    preview = client.get(response["Location"]).content.decode()
    assert "<strong>fixed</strong>" in preview
    assert f"#{linked[0].pk} {linked[0].subject}" in preview
    assert f"#{linked[1].pk} " not in preview
    assert "Send to 1 ticket</button>" in preview
    assert "<strong>Resolves the tickets</strong>" in preview
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 0

    client.post(f"/desk/known-issues/{issue.pk}/bulk-answer/{answer.pk}/send/")
    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENDING

    client.post(f"/desk/known-issues/{issue.pk}/bulk-answer/{answer.pk}/send/", {"now": "1"})
    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENT
    assert Message.objects.filter(ticket=linked[0], kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_an_empty_bulk_answer_is_a_form_error(client_for, agent):
    issue = KnownIssueFactory()
    response = client_for(agent).post(f"/desk/known-issues/{issue.pk}/bulk-answer/", {"body": ""})
    assert response.status_code == 400
    assert BulkAnswer.objects.count() == 0


def test_the_search_partial_offers_link_and_fill(client_for, agent):
    issue = KnownIssueFactory(title="Checkout 502", known=True)
    KnownIssueFactory(title="Unrelated export", slug="export")
    ticket = TicketFactory()
    html = (
        client_for(agent)
        .get(f"/desk/known-issues/search/?q=checkout&ticket={ticket.pk}", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Checkout 502" in html
    assert "Unrelated export" not in html
    assert f"Link #{ticket.pk} instead of escalating" in html
    assert f'data-use-known-issue="{issue.tag_name}"' in html


def test_the_escalation_dialog_has_the_search(client_for, agent):
    ticket = TicketFactory()
    html = client_for(agent).get(f"/desk/tickets/{ticket.pk}/escalate/").content.decode()
    assert "data-known-issues-search" in html
    assert 'hx-get="/desk/known-issues/search/"' in html


def test_signals_on_the_sla_dashboard(client_for, lead, agent, settings):
    settings.KNOWN_ISSUE_STATUS_PAGE_TICKETS = 2
    tag = TagFactory(name="calendar sync")
    spanish = TagFactory(name="Spanish")
    for ticket in TicketFactory.create_batch(3):
        ticket.tags.add(tag, spanish)
    TicketFactory(closed=True).tags.add(tag)
    issue = KnownIssueFactory(title="Invoices doubled")
    for ticket in TicketFactory.create_batch(2):
        services.link_ticket(issue, ticket, actor=agent)

    html = client_for(lead).get("/desk/sla/").content.decode()

    assert "3 open tickets tagged <strong>calendar sync</strong> have no known issue." in html
    assert "tagged <strong>Spanish</strong>" not in html
    assert f'data-signal-issue="{issue.pk}"' in html
    assert "has 2 linked tickets and is not on the status page." in html


def test_a_hand_typed_known_issue_tag_without_an_issue_is_a_signal(client_for, lead, agent):
    for ticket in TicketFactory.create_batch(3):
        tickets.set_tags(ticket, actor=agent, names=["77-login-loop"])
    html = client_for(lead).get("/desk/known-issues/").content.decode()
    assert 'data-signal-tag="77-login-loop"' in html


def test_linked_tickets_are_no_longer_a_signal(client_for, lead, agent):
    tag = TagFactory(name="calendar sync")
    batch = TicketFactory.create_batch(3)
    for ticket in batch:
        ticket.tags.add(tag)
    before = client_for(lead).get("/desk/known-issues/").content.decode()
    assert 'data-signal-tag="calendar sync"' in before
    services.create_known_issue(actor=agent, title="Calendar sync", tickets_to_link=batch)
    html = client_for(lead).get("/desk/known-issues/").content.decode()
    assert "data-signal-tag" not in html


def test_agents_do_not_see_signals(client_for, agent):
    tag = TagFactory(name="calendar sync")
    for ticket in TicketFactory.create_batch(3):
        ticket.tags.add(tag)
    html = client_for(agent).get("/desk/known-issues/").content.decode()
    assert "data-known-issue-signals" not in html


def test_the_edit_form_of_a_posted_issue_keeps_its_public_summary(agent):
    issue = KnownIssueFactory(known=True, is_public=True, public_summary="Slow checkout.")
    client = Client()
    client.force_login(agent)
    page = client.get(f"/desk/known-issues/{issue.pk}/edit/").content.decode()
    assert "change it with “Post an update”" in page
    response = client.post(
        f"/desk/known-issues/{issue.pk}/edit/",
        {"title": "Checkout is slow", "slug": issue.slug, "public_summary": "Sneaky new text."},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.title, issue.public_summary) == ("Checkout is slow", "Slow checkout.")


def test_a_lead_dismisses_a_signal_until_more_tickets_share_the_tag(client_for, lead):
    tag = TagFactory(name="calendar sync")
    for ticket in TicketFactory.create_batch(3):
        ticket.tags.add(tag)
    client = client_for(lead)

    response = client.post(
        "/desk/known-issues/signals/dismiss/",
        {"key": "tag:calendar sync", "count": "3", "next": "/desk/sla/"},
        follow=True,
    )

    assert response.redirect_chain == [("/desk/sla/", 302)]
    page = response.content.decode()
    assert "Dismissed. It comes back if more tickets share it." in page
    assert 'data-signal-tag="calendar sync"' not in page
    TicketFactory().tags.add(tag)  # a fourth ticket: the problem is spreading
    page = client.get("/desk/sla/").content.decode()
    assert "4 open tickets tagged <strong>calendar sync</strong> have no known issue." in page


def test_a_lead_dismisses_a_post_signal(client_for, lead, agent, settings):
    settings.KNOWN_ISSUE_STATUS_PAGE_TICKETS = 2
    issue = KnownIssueFactory(title="Invoices doubled")
    for ticket in TicketFactory.create_batch(2):
        services.link_ticket(issue, ticket, actor=agent)
    client = client_for(lead)
    assert f'data-signal-issue="{issue.pk}"' in client.get("/desk/sla/").content.decode()
    response = client.post(
        "/desk/known-issues/signals/dismiss/", {"key": f"post:{issue.pk}", "count": 2}
    )
    assert response.status_code == 302
    assert f'data-signal-issue="{issue.pk}"' not in client.get("/desk/sla/").content.decode()


def test_agents_may_not_dismiss_signals_and_nothing_is_stored(client_for, agent):
    response = client_for(agent).post(
        "/desk/known-issues/signals/dismiss/", {"key": "tag:calendar sync", "count": "3"}
    )
    assert response.status_code == 403
    assert not DismissedSignal.objects.exists()


def test_a_made_up_signal_is_refused_with_a_message(client_for, lead):
    response = client_for(lead).post(
        "/desk/known-issues/signals/dismiss/", {"key": "drop table", "count": "x"}, follow=True
    )
    assert "That is not a signal of the dashboard." in response.content.decode()
    assert not DismissedSignal.objects.exists()


def test_create_from_tickets_ignores_numbers_no_ticket_can_have(client_for, agent):
    ticket = TicketFactory()
    response = client_for(agent).get(
        f"/desk/known-issues/new/?tickets=99999999999999999999&tickets={ticket.pk}&tickets=-4"
    )
    assert response.status_code == 200
    assert f'value="{ticket.pk}"' in response.content.decode()
