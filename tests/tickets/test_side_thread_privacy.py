"""Privacy of side threads (seed 003, issue 13's proof): what the agent wrote to a partner and
what the partner answered appear in no channel the customer can reach: the portal, the API,
the customer's emails, the public status page and its feed. Each assertion reads the real
response a customer (the requester, and a manager of the organization) gets."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory
from tests.factories_side import DEV_LIST, PARTNER, TIER2_LIST, customer_ticket, inbound_answer
from tickets import services
from tickets.models import CustomerProfile, Message

pytestmark = pytest.mark.django_db

OUTBOUND = "Zebracorn outbound: the partner's API drops booking 4411."
INBOUND = "Zebracorn inbound: we found the bug, patch on Friday."
FOLLOW_UP = "Zebracorn follow-up: thanks, closing our side."
SUBJECT = "Zebracorn channel sync"
SECRETS = [
    "Zebracorn",
    "zebracorn",
    PARTNER,
    DEV_LIST,
    TIER2_LIST,
    "side thread",
    "Side thread",
    "side_thread",
]


@pytest.fixture
def scene():
    """A customer's ticket with a side thread (an agent's message, the partner's answer as the
    inbound pipeline stores it, the agent's follow-up), then a public reply to the customer."""
    ticket = customer_ticket(subject="Booking missing", description="My booking is gone.")
    agent = AgentFactory(username="tina")
    thread = services.start_side_thread(
        ticket, actor=agent, to=[PARTNER], cc=[DEV_LIST, TIER2_LIST], subject=SUBJECT,
        body=OUTBOUND,
    )  # fmt: skip
    inbound_answer(thread, INBOUND)
    services.write_to_side_thread(thread, actor=agent, body=FOLLOW_UP)
    services.reply(ticket, actor=agent, body="We are on it with our partner.")
    assert Message.objects.filter(side_thread=thread).count() == 3
    return {"ticket": ticket, "thread": thread, "agent": agent}


def _manager(ticket):
    return CustomerProfile.objects.get(organization=ticket.organization, is_manager=True).user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_private(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.fixture(params=["requester", "manager"])
def customer_client(request, scene):
    ticket = scene["ticket"]
    user = ticket.requester if request.param == "requester" else _manager(ticket)
    return _client(user)


def test_the_portal_ticket_page_and_list_show_no_side_thread(scene, customer_client):
    ticket = scene["ticket"]

    page = customer_client.get(reverse("portal-ticket", args=[ticket.pk]))
    listing = customer_client.get(reverse("portal-tickets"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "We are on it with our partner." in html  # the public reply is there
    _assert_private(html)
    assert listing.status_code == 200
    assert "Booking missing" in listing.content.decode()
    _assert_private(listing.content.decode())


def test_the_customer_api_shows_no_side_thread(scene, customer_client):
    ticket = scene["ticket"]

    detail = customer_client.get(reverse("api-ticket-detail", args=[ticket.pk]))
    thread = customer_client.get(reverse("api-ticket-messages", args=[ticket.pk]))
    listing = customer_client.get(reverse("api-ticket-list"))
    search = customer_client.get(reverse("api-ticket-list"), {"search": "zebracorn"})

    for response in (detail, thread, listing, search):
        assert response.status_code == 200
        _assert_private(response.content.decode())
    bodies = [m["body"] for m in thread.json()]
    assert bodies == ["We are on it with our partner."]
    assert search.json()["count"] == 0
    assert listing.json()["count"] == 1


def test_the_public_status_page_and_feed_show_no_side_thread(scene):
    for client in (Client(), _client(scene["ticket"].requester)):
        for name in ("status-page", "status-json", "status-feed"):
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            _assert_private(response.content.decode())


def test_no_email_to_the_customers_side_carries_the_side_thread(scene):
    ticket, thread = scene["ticket"], scene["thread"]
    customer_side = {
        ticket.requester.email,
        _manager(ticket).email,
        *ticket.ccs.values_list("email", flat=True),
    }

    to_customers = Notification.objects.filter(recipient__in=customer_side)
    side = Notification.objects.filter(kind="side_thread")

    assert [n.kind for n in to_customers] == ["public_reply"]
    for note in to_customers:
        _assert_private(" ".join([note.subject, note.body_text, note.body_html, *note.cc]))
        assert note.reply_to == "" or f"-t{thread.pk}-" not in note.reply_to
    assert {n.recipient for n in side} == {PARTNER, DEV_LIST, TIER2_LIST}
    assert all(n.cc == [] for n in side)


def test_the_partners_email_holds_only_what_the_agent_wrote_to_them(scene):
    ticket = scene["ticket"]

    for note in Notification.objects.filter(kind="side_thread"):
        text = " ".join([note.subject, note.body_text, note.body_html])
        assert "My booking is gone." not in text  # the customer's description
        assert "Booking missing" not in text  # the ticket's subject
        assert "We are on it with our partner." not in text  # the public reply
        assert INBOUND not in text  # the partner's own answer is not echoed to the others
        assert ticket.requester.email not in text
        assert ticket.requester.get_username() not in text
        assert ticket.organization.name not in text
