"""The emails the ticket services put in the outbox, and what never goes into one."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import TicketFactory
from tests.support.broker import broker_unreachable
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _only(kind):
    return Notification.objects.get(kind=kind)


def test_submission_queues_ticket_received_with_number_and_portal_link(
    customer, settings, published
):
    settings.HELPDESK_BASE_URL = "https://help.example.com"

    ticket = services.submit_ticket(
        actor=customer, subject="Site <down>", description="500s", category="urgent_issue"
    )

    row = _only("ticket_received")
    link = f"https://help.example.com/portal/tickets/{ticket.pk}/"
    assert (row.recipient, row.ticket_number) == (customer.email, ticket.pk)
    assert row.dedupe_key == f"ticket-received:{ticket.pk}"
    assert row.subject == f"[#{ticket.pk}] Site <down>"  # one subject per ticket: it threads
    assert f"#{ticket.pk}" in row.body_text
    assert link in row.body_text
    assert "1 business hour" in row.body_text  # the category's first-response target
    assert f'href="{link}"' in row.body_html
    assert "Site &lt;down&gt;" in row.body_html


def test_an_agents_public_reply_is_emailed_but_an_internal_note_never(agent, published):
    ticket = TicketFactory()
    services.add_internal_note(ticket, actor=agent, body="Secret: the vendor's bug.")
    outcome = services.reply(ticket, actor=agent, body="Please **clear** the cache.")

    row = _only("public_reply")
    assert row.dedupe_key == f"public-reply:{outcome.message.pk}"
    assert "Please **clear** the cache." in row.body_text
    assert "<strong>clear</strong>" in row.body_html
    assert Notification.objects.count() == 1
    assert not Notification.objects.filter(body_text__contains="Secret").exists()
    assert not Notification.objects.filter(body_html__contains="Secret").exists()


def test_a_customers_own_reply_mails_nobody(published):
    ticket = TicketFactory(pending=True)
    services.customer_reply(ticket, actor=ticket.requester, body="Still broken.")
    assert not Notification.objects.exists()


def test_closing_mails_the_customer_and_resolving_asks_only_the_satisfaction_question(
    agent, published
):
    resolved, closed = TicketFactory(), TicketFactory()
    services.transition(resolved, actor=agent, name="resolve")
    services.transition(closed, actor=agent, name="close")

    assert sorted(Notification.objects.values_list("kind", "ticket_number")) == [
        ("csat_question", resolved.pk),  # satisfaction's own email (decision 0024)
        ("ticket_closed", closed.pk),
    ]
    closed_at = Ticket.objects.get(pk=closed.pk).closed_at
    assert _only("ticket_closed").dedupe_key == f"ticket-closed:{closed.pk}:{closed_at.isoformat()}"


def test_a_reply_to_a_closed_ticket_mails_the_new_number_once(published):
    closed = TicketFactory(closed=True)
    outcome = services.customer_reply(closed, actor=closed.requester, body="It is back!")

    new = outcome.ticket
    row = Notification.objects.get()
    assert (row.kind, row.ticket_number) == ("follow_up_opened", new.pk)
    assert row.subject == f"[#{new.pk}] {closed.subject}"
    assert f"Ticket #{closed.pk} was already closed, so your reply opened a new ticket" in (
        row.body_text
    )
    assert f"/portal/tickets/{new.pk}/" in row.body_text


def test_a_requester_without_email_gets_no_row(customer, published):
    customer.email = ""
    customer.save()
    services.submit_ticket(actor=customer, subject="s", description="d", category="question")
    assert not Notification.objects.exists()


def test_broker_down_during_submission_answers_201_and_mails_once_it_is_back(
    customer, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_authenticate(customer)

    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/api/tickets/",
            {"subject": "Broken", "description": "It fails", "category": "question"},
            format="json",
        )

    assert response.status_code == 201
    number = response.json()["number"]
    assert Ticket.objects.filter(pk=number).exists()
    assert len(callbacks) == 1  # the publish was attempted after the commit, and failed
    row = _only("ticket_received")
    assert (row.status, row.ticket_number) == ("pending", number)
    assert mail.outbox == []

    # The broker is back: the periodic sender (here called directly) delivers it.
    assert sender.send_pending().sent == 1
    assert [m.subject for m in mail.outbox] == [f"[#{number}] Broken"]
