"""Email both ways in a real browser: the customer answers the helpdesk's email by mail (through
``receive_email``), the assigned agent's bell shows it, the ticket is Open again, and the agent's
answer from the desk goes out threaded with the earlier emails.

Screenshots: ``test-artifacts/screenshots/mail-*.png`` (laptop light, laptop dark, phone).
"""

import io
import sys
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from helpdesk.notifications import addresses, sender
from helpdesk.notifications.models import Notification
from mailgate.models import ReceivedMail
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory
from tickets import services
from tickets.models import Ticket
from tickets.states import Category, Status

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def answered(db, settings, live_server):
    """A customer's ticket, taken by Bella, answered publicly and set Pending; the outbox sent."""
    settings.HELPDESK_BASE_URL = live_server.url  # the links in emails and alerts
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bella = AgentFactory(username="bella", first_name="Bella", last_name="Ruiz")
    carol = CustomerFactory(
        username="carol",
        email="carol@acme.example",
        first_name="Carol",
        customer_profile__organization__name="Acme Shoes",
    )
    ticket = services.submit_ticket(
        actor=carol,
        subject="Invoices export is empty",
        description="The CSV has only the header row.",
        category=Category.ISSUE_NO_ERROR,
    )
    services.take(ticket, actor=bella)
    services.reply(
        Ticket.objects.get(pk=ticket.pk),
        actor=bella,
        body="Which date range did you choose?",
        set_pending=True,
    )
    sender.send_pending()
    return {"agent": bella, "customer": carol, "ticket": Ticket.objects.get(pk=ticket.pk)}


def _customer_answers(notification: Notification, body: str) -> None:
    """Carol's mail client answers ``notification``: To its Reply-To, In-Reply-To its
    Message-ID, her text above the quoted email. Piped into ``manage.py receive_email``."""
    raw = (
        f"From: Carol <carol@acme.example>\r\n"
        f"To: {notification.reply_to}\r\n"
        f"Subject: Re: {notification.subject}\r\n"
        f"Message-ID: <answer-1@mail.acme.example>\r\n"
        f"In-Reply-To: {notification.message_id}\r\n"
        f"References: {notification.references} {notification.message_id}\r\n"
        "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        f"{body}\r\n"
        "\r\n"
        "On Mon, 7 Dec 2026 at 09:00, Helpdesk <helpdesk@localhost> wrote:\r\n"
        "> Which date range did you choose?\r\n"
    ).encode()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("receive_email", stdout=io.StringIO())
    finally:
        sys.stdin = stdin


def test_a_customer_answers_by_mail_and_the_agent_answers_back_threaded(
    page, live_server, shot, answered
):
    ticket, bella = answered["ticket"], answered["agent"]
    assert ticket.status == Status.PENDING
    asked = Notification.objects.get(kind="public_reply", ticket_number=ticket.pk)
    assert addresses.parse(asked.reply_to).ticket_number == ticket.pk

    _customer_answers(asked, "The whole of November, from the 1st to the 30th.")

    received = ReceivedMail.objects.get()
    assert (received.result, received.ticket_number) == ("reply", ticket.pk)
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "bella")

    # The bell on every desk page says one unread; its list names the reply and the ticket.
    bell = page.locator("#bell")
    expect(bell.locator("[data-unread]")).to_have_text("1")
    bell.click()
    row = page.locator(".notification-row.is-unread")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"#{ticket.pk}")
    expect(row).to_contain_text("Invoices export is empty")
    assert_accessible(page)
    shot(page, "mail-01-bell-list")
    page.emulate_media(color_scheme="dark")
    page.reload()  # no colour transition half-way when axe measures
    assert_accessible(page)
    shot(page, "mail-01-bell-list-dark")
    page.emulate_media(color_scheme="light")

    # The ticket is Open again and shows the new part of the mail only, not the quote.
    row.get_by_role("link").click()
    expect(page).to_have_title(f"#{ticket.pk} {ticket.subject} · Helpdesk")
    expect(page.locator("#ticket-status-badge")).to_have_text("Open")
    answer_card = page.locator(".message-card.is-customer")
    expect(answer_card).to_contain_text("The whole of November, from the 1st to the 30th.")
    expect(answer_card).not_to_contain_text("Which date range did you choose?")
    assert_accessible(page)
    shot(page, "mail-02-ticket-open-again")

    # Bella answers from the desk; the email goes out threaded under the earlier ones.
    page.get_by_label("Public reply to the customer").check()
    page.get_by_label("Message to the customer").fill("Thanks: the export now covers November.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Reply sent")
    mail.outbox.clear()
    sender.send_pending()
    [answer] = [m for m in mail.outbox if "covers November" in m.body]
    sent = message_from_bytes(answer.message().as_bytes(), policy=policy.default)
    assert sent["To"] == "carol@acme.example"
    assert sent["Subject"] == f"[#{ticket.pk}] Invoices export is empty"
    assert addresses.parse(sent["Reply-To"]).ticket_number == ticket.pk
    assert addresses.token_matches(addresses.parse(sent["Reply-To"]), "carol@acme.example")
    root = asked.references.split()[0]
    assert sent["In-Reply-To"] == root
    assert root in sent["References"].split()
    assert "Bella" in answer.body

    # The bell is read once the list was opened and the row marked read; on a phone too.
    page.goto(f"{live_server.url}/desk/notifications/")
    page.get_by_role("button", name="Mark read").first.click()
    expect(page.locator(".notification-row.is-unread")).to_have_count(0)
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator("#bell [data-unread]")).to_have_count(0)
    assert_accessible(page)
    shot(page, "mail-03-bell-read-phone")
    assert bella.inapp_notifications.filter(read_at__isnull=True).count() == 0
