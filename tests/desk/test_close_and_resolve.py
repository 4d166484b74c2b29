"""Close and Resolve on the desk (issue 14): Resolve asks for the findings (issue 15: the cause
and the fix; tests/tickets/test_findings_desk.py), Close asks why and for a confirmation; their
comments show on the timeline. The API closes without them (a
machine client has no one to confirm)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import TicketFactory
from tests.support.snapshots import world
from tickets.models import Ticket, TransitionLog
from tickets.states import Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "ticket-state"}
FINDINGS = {"cause": "A stale cache.", "fix": "Cleared the cache."}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _transition(user, ticket, **data):
    return _client(user).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"expected_status": ticket.status, **data},
        headers=HTMX,
    )


def _timeline(html: str) -> str:
    return html[html.index('id="timeline-heading"') :]


def test_the_ticket_page_asks_resolve_for_the_findings_and_close_for_why_and_a_yes(agent):
    ticket = TicketFactory()

    html = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert '<summary class="button is-small">Resolve…</summary>' in html
    assert 'id="resolve-cause" name="cause" rows="2" required></textarea>' in html
    assert 'id="resolve-fix" name="fix" rows="3" required></textarea>' in html
    assert '<summary class="button is-small">Close…</summary>' in html
    assert "Why close it? (shown on the timeline)" in html
    assert 'id="comment-close" name="comment" rows="2" required></textarea>' in html

    assert 'name="confirm" value="on" required' in html
    assert f"Yes, close ticket #{ticket.pk}" in html


def test_resolve_with_a_comment_shows_it_on_the_timeline(agent):
    ticket = TicketFactory()

    response = _transition(
        agent, ticket, transition="resolve", comment="Cache cleared; fixed.", **FINDINGS
    )

    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
    assert TransitionLog.objects.get(ticket=ticket).comment == "Cache cleared; fixed."
    assert '<blockquote class="timeline-comment">Cache cleared; fixed.</blockquote>' in (
        _timeline(response.content.decode())
    )


def test_resolve_without_a_comment_still_resolves(agent):
    ticket = TicketFactory()
    response = _transition(agent, ticket, transition="resolve", **FINDINGS)
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
    assert TransitionLog.objects.get(ticket=ticket).comment == ""


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"comment": "Duplicate of #12."}, "Confirm that the ticket should be closed."),
        ({"comment": "  ", "confirm": "on"}, "Say why the ticket is closed."),
        ({}, "Say why the ticket is closed. Confirm that the ticket should be closed."),
    ],
)
def test_close_without_a_reason_or_a_confirmation_is_refused_and_nothing_changes(
    agent, data, error
):
    ticket = TicketFactory()
    before = world()

    response = _transition(agent, ticket, transition="close", **data)

    assert response.status_code == 400
    assert f"Nothing was changed: {error}" in response.content.decode()
    assert world() == before


def test_close_with_a_reason_and_a_confirmation_closes_and_the_timeline_says_why(agent):
    ticket = TicketFactory()

    response = _transition(
        agent, ticket, transition="close", comment="Duplicate of #12.", confirm="on"
    )

    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED
    log = TransitionLog.objects.get(ticket=ticket)
    assert (log.transition, log.actor, log.comment) == ("close", agent, "Duplicate of #12.")
    timeline = _timeline(response.content.decode())
    assert '<blockquote class="timeline-comment">Duplicate of #12.</blockquote>' in timeline


def test_the_api_closes_without_a_confirmation(agent):
    ticket = TicketFactory()
    client = APIClient()
    client.force_authenticate(agent)

    response = client.post(
        f"/api/tickets/{ticket.pk}/transitions/", {"transition": "close"}, format="json"
    )

    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED
