"""Privacy of the findings (issue 15's proof): the cause, what was tried, the internal fix and
the doc note appear in no channel a customer reaches (the portal's pages and search, the API,
their emails, the status page's feed); the customer summary appears only when it was sent, or
as the workaround shown while one is in place. Each assertion reads the real response a
customer (the requester, and a manager of the organization) gets."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, TicketFactory
from tests.factories_side import customer_ticket
from tickets import services
from tickets.models import CustomerProfile
from tickets.services import Findings

pytestmark = pytest.mark.django_db

SENT = "Glimmerfax: your reports load again."
KEPT = "Glimmerfax kept: we patched it, no need to tell."
WORKAROUND_TEXT = "Use the CSV export for now."
SECRETS = ["Quorvex", "quorvex", "Blanchwort", "Snorkelpine", "Dundlemoss"]
RESOLVED = Findings(
    cause="Quorvex cache poisoned by the nightly job.",
    tried="Blanchwort restart of the workers.",
    fix="Snorkelpine patch on the job runner.",
    doc_change="internal",
    doc_note="Dundlemoss runbook needs the cache step.",
    customer_summary=SENT,
)


@pytest.fixture
def scene():
    """Three tickets of alice: resolved with the summary sent; resolved with a summary kept
    internal; open with a workaround in place."""
    agent = AgentFactory(username="tina")
    sent = customer_ticket(subject="Reports fail")
    requester = sent.requester
    kept = TicketFactory(subject="Export slow", requester=requester)
    worked = TicketFactory(subject="Import broken", requester=requester)
    services.resolve_with_findings(sent, actor=agent, findings=RESOLVED, send_summary=True)
    services.resolve_with_findings(
        kept, actor=agent, findings=Findings(**{**vars(RESOLVED), "customer_summary": KEPT})
    )
    services.record_findings(
        worked,
        actor=agent,
        findings=Findings(
            cause="Quorvex mapping lost.",
            fix="Snorkelpine: re-map by hand each morning.",
            outcome="workaround",
            customer_summary=WORKAROUND_TEXT,
        ),
    )
    return {"sent": sent, "kept": kept, "worked": worked, "agent": agent}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _private(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Glimmerfax kept" not in text


def _manager(ticket):
    return CustomerProfile.objects.get(organization=ticket.organization, is_manager=True).user


@pytest.fixture(params=["requester", "manager"])
def customer_client(request, scene):
    ticket = scene["sent"]
    return _client(ticket.requester if request.param == "requester" else _manager(ticket))


def test_the_portal_pages_show_the_sent_summary_and_the_workaround_only(scene, customer_client):
    pages = {
        name: customer_client.get(reverse("portal-ticket", args=[scene[name].pk]))
        for name in ("sent", "kept", "worked")
    }
    listing = customer_client.get(reverse("portal-tickets"))

    for response in (*pages.values(), listing):
        assert response.status_code == 200
        _private(response.content.decode())
    assert SENT in pages["sent"].content.decode()
    assert "Workaround in place" not in pages["sent"].content.decode()
    worked = pages["worked"].content.decode()
    assert "Workaround in place, permanent fix pending</span>" in worked
    assert f"<p>{WORKAROUND_TEXT}</p>" in worked


def test_the_portal_search_never_matches_findings(scene, customer_client):
    for word in ("quorvex", "snorkelpine", "dundlemoss", "blanchwort"):
        html = customer_client.get(reverse("portal-tickets"), {"q": word}).content.decode()
        _private(html.replace(word, ""))  # the page repeats the query, in lower case
        for ticket in ("sent", "kept", "worked"):
            assert f'href="/portal/tickets/{scene[ticket].pk}/"' not in html, (word, ticket)


def test_the_customer_api_shows_no_findings(scene, customer_client):
    responses = [customer_client.get(reverse("api-ticket-list"))]
    for name in ("sent", "kept", "worked"):
        pk = scene[name].pk
        responses += [
            customer_client.get(reverse("api-ticket-detail", args=[pk])),
            customer_client.get(reverse("api-ticket-messages", args=[pk])),
        ]
    search = customer_client.get(reverse("api-ticket-list"), {"search": "quorvex"})
    findings = customer_client.get(reverse("api-ticket-findings", args=[scene["sent"].pk]))

    for response in [*responses, search]:
        assert response.status_code == 200
        _private(response.content.decode())
    assert search.json()["count"] == 0
    assert findings.status_code == 403
    _private(findings.content.decode())
    messages = customer_client.get(reverse("api-ticket-messages", args=[scene["sent"].pk]))
    assert [m["body"] for m in messages.json()] == [SENT]


def test_the_status_page_and_feed_show_no_findings(scene):
    for client in (Client(), _client(scene["sent"].requester)):
        for name in ("status-page", "status-json", "status-feed"):
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            _private(response.content.decode())


def test_the_customers_emails_carry_only_the_sent_summary(scene):
    ticket = scene["sent"]
    customer_side = {ticket.requester.email, _manager(ticket).email, "carol@home.example"}

    emails = Notification.objects.filter(recipient__in=customer_side)

    assert emails.exists()
    for note in emails:
        _private(" ".join([note.subject, note.body_text, note.body_html, *note.cc]))
    replies = emails.filter(kind="public_reply")
    assert [n.ticket_number for n in replies] == [ticket.pk]
    assert SENT in replies.get().body_text
