"""The findings on the desk ticket page (issue 15): Resolve asks for them, the Findings panel
shows them with Edit, "Record a temporary workaround" while the ticket is worked; the API's
findings for staff."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from helpdesk.notifications.models import Notification
from tests.factories import TicketFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import Message, Ticket, TicketFindings
from tickets.services import Findings
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "ticket-state"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(user, url, data):
    return _client(user).post(url, data, headers=HTMX)


def _resolve(user, ticket, **data):
    return _post(
        user,
        f"/desk/tickets/{ticket.pk}/transition/",
        {"transition": "resolve", "expected_status": ticket.status, **data},
    )


def test_the_resolve_form_asks_for_the_findings(agent):
    ticket = TicketFactory()

    html = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    form = html[html.index('id="transition-resolve"') : html.index('id="transition-close"')]
    assert '<label class="label is-small" for="resolve-cause">What caused it?</label>' in form
    assert 'id="resolve-cause" name="cause" rows="2" required>' in form
    assert "What was tried and did not help (optional)" in form
    assert 'id="resolve-fix" name="fix" rows="3" required>' in form
    assert 'name="outcome" value="fix" checked>' in form
    assert 'name="outcome" value="workaround">' in form
    assert '<option value="user">Yes, a user doc</option>' in form
    assert '<option value="internal">Yes, an internal doc</option>' in form
    assert "Summary for the customer (optional)" in form
    assert "Send this summary to the customer with the resolution" in form
    assert "None yet: Resolve asks for them." in html
    assert "Record a temporary workaround…</summary>" in html


def test_resolving_with_findings_shows_the_findings_panel_and_sends_the_summary(agent):
    ticket = TicketFactory()

    response = _resolve(
        agent,
        ticket,
        cause="Quota of the **mail relay** reached.",
        tried="Restarting the queue.",
        fix="Raised the quota.",
        doc_change="internal",
        doc_note="Runbook: check the relay quota.",
        customer_summary="Your mails flow again.",
        send_summary="on",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ticket #{ticket.pk} is now Resolved." in html
    panel = html[html.index('id="findings-heading"') : html.index('id="assignee-heading"')]
    assert "<p>Quota of the <strong>mail relay</strong> reached.</p>" in panel
    assert "<dt>Tried, did not help</dt>" in panel
    assert "<p>Raised the quota.</p>" in panel
    assert "An internal doc should change: Runbook: check the relay quota." in panel
    assert "Edit findings…</summary>" in panel
    assert "Workaround in place" not in panel
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
    assert Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).body == (
        "Your mails flow again."
    )
    assert Notification.objects.filter(kind="public_reply").count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"fix": "Raised the quota."}, "Say what caused it."),
        ({"cause": "Quota."}, "Say what fixed it."),
        ({"cause": "Quota.", "fix": "Raised.", "send_summary": "on"}, "Write the summary"),
        ({"cause": "Quota.", "fix": "Raised.", "doc_change": "user"}, "Say what the doc"),
    ],
)
def test_resolve_without_the_findings_it_needs_changes_nothing(agent, data, error):
    ticket = TicketFactory()
    before = world()

    response = _resolve(agent, ticket, **data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert world() == before


def test_bulk_resolve_keeps_working_without_findings(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        "/desk/bulk/",
        {"tickets": [str(ticket.pk)], "action": "transition", "transition": "resolve"},
    )

    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
    assert not TicketFindings.objects.exists()


def test_edit_findings_changes_the_one_row(agent):
    ticket = TicketFactory()
    services.resolve_with_findings(ticket, actor=agent, findings=Findings(cause="A", fix="B"))

    page = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'id="edit-cause" name="cause" rows="2" required>A</textarea>' in page
    response = _post(
        agent,
        f"/desk/tickets/{ticket.pk}/findings/",
        {"cause": "A lost index.", "fix": "Rebuilt it.", "outcome": "fix", "doc_change": "none"},
    )

    assert response.status_code == 200
    assert "Findings saved." in response.content.decode()
    row = TicketFindings.objects.get()
    assert (row.cause, row.fix) == ("A lost index.", "Rebuilt it.")


def test_a_refused_edit_says_why_and_changes_nothing(agent):
    ticket = TicketFactory()
    services.record_findings(ticket, actor=agent, findings=Findings(cause="A", fix="B"))
    before = world()

    response = _post(agent, f"/desk/tickets/{ticket.pk}/findings/", {"cause": "A", "fix": " "})

    assert response.status_code == 400
    assert "Nothing was saved: Say what fixed it." in response.content.decode()
    assert world() == before


def test_record_a_temporary_workaround_while_open_shows_the_badge(agent):
    ticket = TicketFactory()

    response = _post(
        agent,
        f"/desk/tickets/{ticket.pk}/findings/",
        {
            "fix": "Export to CSV instead.",
            "outcome": "workaround",
            "customer_summary": "Use **Export → CSV** for now.",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Workaround recorded: the ticket shows that the permanent fix is pending." in html
    assert '<span class="tag is-warning workaround-badge">' in html
    assert "<dt>Workaround</dt>" in html
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN
    assert TicketFindings.objects.get().workaround_active


def test_a_customer_cannot_post_findings(customer):
    ticket = TicketFactory(requester=customer)
    before = world()

    response = _client(customer).post(
        f"/desk/tickets/{ticket.pk}/findings/", {"cause": "x", "fix": "y"}
    )

    assert response.status_code == 403
    assert world() == before


# --- the API ----------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_read_and_write_findings_through_the_api(agent):
    ticket = TicketFactory()
    url = f"/api/tickets/{ticket.pk}/findings/"

    missing = _api(agent).get(url)
    written = _api(agent).put(
        url, {"cause": "Disk full.", "fix": "Rotated logs.", "outcome": "fix"}, format="json"
    )
    read = _api(agent).get(url)

    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == f"Ticket {ticket.pk} has no findings yet."
    assert written.status_code == 200
    assert read.json() == written.json()
    body = read.json()
    assert (body["ticket"], body["cause"], body["fix"]) == (
        ticket.pk,
        "Disk full.",
        "Rotated logs.",
    )
    assert (body["outcome"], body["doc_change"], body["author"]) == ("fix", "none", agent.username)
    assert body["workaround_active"] is False


def test_the_api_refuses_bad_findings_and_writes_nothing(agent):
    ticket = TicketFactory()
    before = world()

    response = _api(agent).put(
        f"/api/tickets/{ticket.pk}/findings/", {"fix": "Rotated logs."}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["cause"] == ["Say what caused it."]
    assert world() == before


def test_the_api_plain_transition_resolves_without_findings(agent):
    ticket = TicketFactory()
    response = _api(agent).post(
        f"/api/tickets/{ticket.pk}/transitions/", {"transition": "resolve"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"


def test_a_ticket_resolved_without_findings_offers_to_record_them(agent):
    ticket = TicketFactory()
    services.transition(ticket, actor=agent, name="resolve")

    html = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert "None recorded when it was resolved." in html
    assert "Record the findings…</summary>" in html
    assert "Record a temporary workaround…" not in html
