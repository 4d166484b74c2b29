"""Seed 001's "we're working on it": when a person takes a ticket nobody held, the customer is
emailed once, signed by that person; a setting turns it off."""

import pytest

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, LeadFactory, TicketFactory
from tests.factories_outbound import StaffSettingsFactory, TicketCCFactory
from tickets import services
from tickets.notify import thread_root

pytestmark = pytest.mark.django_db


def test_taking_an_unassigned_ticket_tells_the_customer_who_works_on_it():
    ada = AgentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    StaffSettingsFactory(user=ada, signature="Tier 1 support")
    ticket = TicketFactory(subject="Export fails")
    TicketCCFactory(ticket=ticket, email="cfo@example.com")

    services.take(ticket, actor=ada)

    row = Notification.objects.get()
    assert (row.kind, row.recipient, row.cc) == ("ticket_taken", ticket.requester.email, [])
    assert row.dedupe_key == f"ticket-taken:{ticket.pk}"
    assert row.subject == f"[#{ticket.pk}] Export fails"  # the ticket's one subject: it threads
    assert f"Ada Lovelace is working on your ticket #{ticket.pk} (Export fails)." in row.body_text
    assert row.body_text.endswith(
        "Kind regards,\nAda Lovelace\nTier 1 support\n\nReply to this email, or view the "
        f"ticket:\nhttp://127.0.0.1:8000/portal/tickets/{ticket.pk}/\n"
    )
    assert "<strong>Ada Lovelace</strong> is working on your ticket" in row.body_html
    assert (row.in_reply_to, row.references) == (thread_root(ticket), thread_root(ticket))


def test_a_lead_assigning_an_unassigned_ticket_also_tells_the_customer():
    lead, ada = LeadFactory(), AgentFactory(username="ada")
    ticket = TicketFactory()

    services.assign(ticket, actor=lead, assignee=ada)

    to_customer = Notification.objects.get(recipient=ticket.requester.email)
    assert "ada is working on your ticket" in to_customer.body_text
    # Ada hears of it too, as staff (issue 13's alerts), in her own email.
    assert Notification.objects.get(kind="staff_assigned").recipient == ada.email


def test_releasing_retaking_and_reassigning_mail_nothing_more():
    lead, ada, bob = LeadFactory(), AgentFactory(username="ada"), AgentFactory(username="bob")
    ticket = TicketFactory()

    services.take(ticket, actor=ada)
    services.assign(ticket, actor=ada, assignee=None)
    services.take(ticket, actor=bob)
    services.assign(ticket, actor=lead, assignee=ada)

    to_customer = Notification.objects.filter(recipient=ticket.requester.email)
    assert list(to_customer.values_list("kind", flat=True)) == ["ticket_taken"]
    assert "ada is working on your ticket" in to_customer.get().body_text


def test_the_setting_turns_it_off(settings):
    settings.HELPDESK_NOTIFY_CUSTOMER_ON_TAKE = False
    ticket = TicketFactory()

    services.take(ticket, actor=AgentFactory())

    assert not Notification.objects.exists()


def test_unassigning_mails_nobody():
    lead = LeadFactory()
    ticket = TicketFactory(assignee=AgentFactory())

    services.assign(ticket, actor=lead, assignee=None)

    assert not Notification.objects.exists()
