"""The portal's ticket page: public thread only, status in plain words, replies, linked tickets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import CustomerFactory, MessageFactory, TicketFactory
from tickets import services
from tickets.models import Message, Ticket
from tickets.states import CUSTOMER_STATUS_TEXT, MessageKind, Status

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user, ticket) -> str:
    response = _client(user).get(f"/portal/tickets/{ticket.pk}/")
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_the_page_shows_the_public_thread_only(customer):
    ticket = TicketFactory(requester=customer, subject="Login broken")
    MessageFactory(ticket=ticket, body="We are **on it**.")
    MessageFactory(ticket=ticket, from_customer=True, body="Thanks!")
    MessageFactory(ticket=ticket, internal=True, body="Staff only: secret plan.")
    services.add_system_note(ticket, "Hold expired: back to Open.")
    page = _page(customer, ticket)
    assert f"<title>#{ticket.pk} Login broken · Helpdesk</title>" in page
    assert "<strong>on it</strong>" in page
    assert "Thanks!" in page
    assert "secret plan" not in page
    assert "Hold expired" not in page
    assert page.count('class="message-card') == 3  # the request and two public messages


@pytest.mark.parametrize(
    ("trait", "words"),
    [
        ({}, "We're working on it"),
        ({"pending": True}, "Waiting for your reply"),
        ({"waiting": True}, "Waiting for your reply"),
        ({"on_hold": True}, "On hold for now"),
        ({"review": True}, "Solved — reply to reopen"),
        ({"resolved": True}, "Solved — reply to reopen"),
        ({"closed": True}, "Closed — a reply opens a new ticket"),
    ],
)
def test_the_status_is_shown_in_plain_words(customer, trait, words):
    ticket = TicketFactory(requester=customer, **trait)
    page = _page(customer, ticket)
    assert f'data-status="{ticket.status}">{words}</span>' in page
    assert CUSTOMER_STATUS_TEXT[Status(ticket.status)] == words


def test_the_intake_fields_are_shown(customer):
    ticket = TicketFactory(
        requester=customer,
        production_url="https://shop.example.com/x",
        version_seen="4.2",
        browser="Edge",
        steps_to_reproduce="Click *pay*",
        error_text="<b>Error 500</b>",
    )
    page = _page(customer, ticket)
    assert '<a href="https://shop.example.com/x" rel="noopener noreferrer nofollow">' in page
    assert "<dd>4.2</dd>" in page
    assert "<dd>Edge</dd>" in page
    assert "Click <em>pay</em>" in page
    assert "&lt;b&gt;Error 500&lt;/b&gt;" in page


def test_a_production_url_that_is_not_a_web_address_is_not_a_link(customer):
    ticket = TicketFactory(requester=customer, production_url="javascript:alert(1)")
    page = _page(customer, ticket)
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page


def test_a_reply_reopens_a_pending_ticket_and_keeps_its_attachment(customer):
    ticket = TicketFactory(requester=customer, pending=True)
    upload = SimpleUploadedFile("after.png", b"png", content_type="image/png")
    client = _client(customer)
    response = client.post(
        f"/portal/tickets/{ticket.pk}/", {"body": "Still broken.", "attachments": [upload]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/portal/tickets/{ticket.pk}/#latest"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    message = ticket.messages.get()
    assert message.kind == MessageKind.CUSTOMER_REPLY
    assert message.body == "Still broken."
    assert [a.filename for a in message.attachments.all()] == ["after.png"]
    page = client.get(response["Location"]).content.decode()
    assert "Your reply was sent." in page
    assert 'href="/attachments/' in page


def test_an_empty_reply_is_refused_next_to_the_box_and_nothing_changes(customer):
    ticket = TicketFactory(requester=customer, pending=True)
    response = _client(customer).post(f"/portal/tickets/{ticket.pk}/", {"body": "  "})
    assert response.status_code == 400
    assert "Write your reply first." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert Message.objects.count() == 0


def test_a_closed_ticket_explains_that_a_reply_opens_a_new_ticket(customer):
    ticket = TicketFactory(requester=customer, closed=True)
    page = _page(customer, ticket)
    assert "This ticket is closed. If you reply, we open a new ticket linked to this one" in page
    assert ">Send and open a new ticket</button>" in page


def test_replying_to_a_closed_ticket_lands_on_the_new_linked_ticket(customer):
    closed = TicketFactory(requester=customer, closed=True, subject="Old problem")
    client = _client(customer)
    response = client.post(f"/portal/tickets/{closed.pk}/", {"body": "It is back."})
    new = Ticket.objects.get(linked_from=closed)
    assert response["Location"] == f"/portal/tickets/{new.pk}/#latest"
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED

    new_page = client.get(response["Location"]).content.decode()
    assert (
        f"Ticket #{closed.pk} was closed, so your reply opened this new ticket, #{new.pk}, "
        "linked to it."
    ) in new_page
    assert f'follows up closed ticket <a href="/portal/tickets/{closed.pk}/">' in new_page
    assert "It is back." in new_page
    assert "Opened by a customer reply" not in new_page  # the system note stays internal

    old_page = _page(customer, closed)
    assert f'opened <a href="/portal/tickets/{new.pk}/">#{new.pk} Old problem</a>' in old_page


def test_another_customers_ticket_is_not_found_and_cannot_be_answered(customer):
    other = TicketFactory(requester=CustomerFactory(), pending=True)
    client = _client(customer)
    assert client.get(f"/portal/tickets/{other.pk}/").status_code == 404
    assert client.post(f"/portal/tickets/{other.pk}/", {"body": "hi"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.PENDING
    assert Message.objects.count() == 0


def test_the_ticket_page_costs_the_same_queries_for_few_and_many_messages(customer):
    few = TicketFactory(requester=customer)
    many = TicketFactory(requester=customer)
    bodies = {
        ticket: [
            MessageFactory(ticket=ticket, body=f"Answer {i} on #{ticket.pk}").body
            for i in range(count)
        ]
        for ticket, count in [(few, 2), (many, 20)]
    }
    client = _client(customer)
    counts = []
    for ticket in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/portal/tickets/{ticket.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
        html = response.content.decode()
        assert [body for body in bodies[ticket] if f"<p>{body}</p>" not in html] == []
        assert html.count('<span class="tag is-info is-light">Support team</span>') == len(
            bodies[ticket]
        )
    assert counts[0] == counts[1]
