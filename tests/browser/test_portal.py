"""The customer portal in a real browser: submit, follow, answer; invitations; privacy; phones.

Every step saves a screenshot under test-artifacts/screenshots/portal-*.png and runs axe-core.
"""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from helpdesk.notifications import sender
from tests.browser.helpers import assert_accessible, login
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    MessageFactory,
    OrganizationFactory,
    TicketFactory,
)
from tickets import services
from tickets.models import Ticket
from tickets.states import Status

PHONE = {"width": 390, "height": 844}


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")


def test_a_customer_submits_a_ticket_with_an_attachment_and_sees_it_in_my_tickets(
    page, live_server, shot, tmp_path
):
    CustomerFactory(username="carol", first_name="Carol")
    login(page, live_server, "carol")
    expect(page).to_have_title("My tickets · Helpdesk")
    expect(page.get_by_text("You have no tickets yet.")).to_be_visible()
    assert_accessible(page)
    shot(page, "portal-01-my-tickets-empty")

    page.get_by_role("link", name="Submit your first ticket").click()
    expect(page).to_have_title("New ticket · Helpdesk")
    expect(page.get_by_text("First response within 1 business hour.")).to_be_visible()
    assert_accessible(page)
    shot(page, "portal-02-new-ticket")

    page.get_by_label("Issue, With Error").check()
    page.get_by_label("Subject").fill("Checkout shows error 500")
    page.get_by_label("Description").fill("Paying fails with **error 500** since this morning.")
    page.get_by_role("button", name="Preview").first.click()
    expect(page.locator("#id_description_preview strong")).to_have_text("error 500")
    page.get_by_label("Production URL").fill("https://shop.example.com/checkout")
    page.get_by_label("Version shown on the page").fill("4.2.1")
    page.get_by_label("Browser").fill("Chromium 130")
    page.get_by_label("Steps to reproduce").fill("1. Add a product\n2. Pay")
    page.get_by_label("Error text").fill("HTTP 500: upstream timed out")
    log = tmp_path / "checkout.log"
    log.write_text("12:00:01 ERROR upstream timed out\n")
    page.get_by_label("Attachments (screenshots, logs)").set_input_files(str(log))
    expect(page.locator("#id_attachments_list")).to_contain_text("checkout.log")
    assert_accessible(page)
    shot(page, "portal-03-new-ticket-filled")

    page.get_by_role("button", name="Submit ticket").click()
    ticket = Ticket.objects.get()
    expect(page).to_have_title(f"#{ticket.pk} Checkout shows error 500 · Helpdesk")
    expect(
        page.get_by_text(f"Thanks — ticket #{ticket.pk} is with our support team")
    ).to_be_visible()
    expect(page.get_by_role("link", name="checkout.log")).to_be_visible()
    expect(page.locator(".tag[data-status=open]")).to_have_text("We're working on it")
    assert_accessible(page)
    shot(page, "portal-04-ticket-submitted")

    page.get_by_role("link", name="My tickets").first.click()
    row = page.get_by_role("row", name=re.compile("Checkout shows error 500"))
    expect(row).to_contain_text("We're working on it")
    assert ticket.attachments.get().filename == "checkout.log"
    assert_accessible(page)
    shot(page, "portal-05-my-tickets")


def test_a_form_error_keeps_what_was_typed_and_bad_files_are_caught_in_the_browser(
    page, live_server, shot, tmp_path, settings
):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024
    CustomerFactory(username="carol")
    login(page, live_server, "carol")
    page.goto(f"{live_server.url}/portal/new/")
    page.get_by_label("Subject").fill("Reports are slow")
    page.get_by_label("Steps to reproduce").fill("Open the monthly report")

    big = tmp_path / "huge.log"
    big.write_bytes(b"x" * 4096)
    page.get_by_label("Attachments (screenshots, logs)").set_input_files(str(big))
    client_error = page.locator("#id_attachments_client")
    expect(client_error).to_contain_text("huge.log is 4 KB; the limit is 1 KB per file.")
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_label("Attachments (screenshots, logs)")).to_be_focused()
    assert Ticket.objects.count() == 0
    shot(page, "portal-06-file-refused-in-browser")

    small = tmp_path / "small.log"
    small.write_text("ok")
    page.get_by_label("Attachments (screenshots, logs)").set_input_files(str(small))
    expect(client_error).to_be_hidden()
    page.get_by_role("button", name="Submit ticket").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("2 things need fixing")
    expect(summary).to_be_focused()
    expect(page.locator("#field-category")).to_contain_text("Choose the category that fits best.")
    expect(page.locator("#field-description")).to_contain_text("Describe the problem or question.")
    expect(page.locator("#field-attachments")).to_contain_text("Please choose them again.")
    expect(page.get_by_label("Subject")).to_have_value("Reports are slow")
    expect(page.get_by_label("Steps to reproduce")).to_have_value("Open the monthly report")
    assert Ticket.objects.count() == 0
    assert_accessible(page)
    shot(page, "portal-07-form-errors-keep-text")


def test_the_customer_sees_the_reply_not_the_note_and_answers(page, live_server, shot):
    carol = CustomerFactory(username="carol")
    agent = AgentFactory(username="tina", first_name="Tina")
    ticket = TicketFactory(requester=carol, subject="Export button missing")
    services.add_internal_note(ticket, actor=agent, body="Staff only: probably the new theme.")
    services.reply(ticket, actor=agent, body="Could you send a **screenshot**?", set_pending=True)
    login(page, live_server, "carol")
    expect(page.get_by_text("One ticket is waiting for your reply")).to_be_visible()
    shot(page, "portal-08-my-tickets-waiting")

    page.get_by_role("link", name="Export button missing").click()
    expect(page.locator(".tag[data-status=pending]")).to_have_text("Waiting for your reply")
    expect(page.get_by_text("Could you send a screenshot?")).to_be_visible()
    expect(page.get_by_text("probably the new theme")).to_have_count(0)
    assert_accessible(page)
    shot(page, "portal-09-ticket-waiting-for-reply")

    page.get_by_label("Your reply").fill("Here it is: the button is gone since Monday.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply was sent.")).to_be_visible()
    expect(page.locator(".tag[data-status=open]")).to_have_text("We're working on it")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    shot(page, "portal-10-reply-sent")


def test_replying_to_a_closed_ticket_opens_a_linked_ticket(page, live_server, shot):
    carol = CustomerFactory(username="carol")
    closed = TicketFactory(requester=carol, closed=True, subject="Invoices not sent")
    MessageFactory(ticket=closed, body="Fixed in 4.2.2.")
    login(page, live_server, "carol")
    page.goto(f"{live_server.url}/portal/tickets/{closed.pk}/")
    expect(
        page.get_by_text("This ticket is closed. If you reply, we open a new ticket")
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "portal-11-closed-ticket")

    page.get_by_label("Your reply").fill("It happens again this month.")
    page.get_by_role("button", name="Send and open a new ticket").click()
    new = Ticket.objects.get(linked_from=closed)
    expect(page).to_have_url(re.compile(rf"/portal/tickets/{new.pk}/"))
    expect(
        page.get_by_text(f"Ticket #{closed.pk} was closed, so your reply opened this new ticket")
    ).to_be_visible()
    expect(page.locator(".tag[data-status=open]")).to_have_text("We're working on it")
    assert_accessible(page)
    shot(page, "portal-12-new-linked-ticket")
    page.get_by_role("link", name=f"#{closed.pk} Invoices not sent").click()
    expect(page.get_by_role("link", name=f"#{new.pk} Invoices not sent")).to_be_visible()
    shot(page, "portal-13-closed-ticket-links-to-new")


def test_an_agent_invites_a_customer_who_sets_a_password_and_signs_in(page, live_server, shot):
    OrganizationFactory(name="Acme Shoes")
    AgentFactory(username="tina")
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/customers/invite/")
    expect(page).to_have_title("Invite a customer · Helpdesk")
    assert_accessible(page)
    page.get_by_label("Organization", exact=True).select_option(label="Acme Shoes")
    page.get_by_label("Email address").fill("dora@acme.example")
    page.get_by_label("Username").fill("dora")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to dora@acme.example")).to_be_visible()
    shot(page, "portal-14-invite-sent")

    sender.send_pending()  # the invitation leaves through the outbox
    assert [message.to for message in mail.outbox] == [["dora@acme.example"]]
    link = re.search(r"http://\S+/accounts/welcome/\S+/", mail.outbox[0].body)[0]
    assert link.startswith(live_server.url)
    _sign_out(page)

    page.goto(link)
    expect(page).to_have_title("Set your password · Helpdesk")
    expect(page.get_by_text("You'll sign in with the username dora")).to_be_visible()
    assert "/set-password/" in urlsplit(page.url).path  # the token left the address bar
    assert_accessible(page)
    shot(page, "portal-15-set-password")
    page.get_by_label("New password", exact=True).fill("correct horse battery 9")
    page.get_by_label("New password, again").fill("correct horse battery 9")
    page.get_by_role("button", name="Set my password").click()
    expect(page).to_have_title("Your password is set · Helpdesk")
    assert_accessible(page)
    shot(page, "portal-16-password-set")

    page.get_by_role("link", name="Sign in").click()
    login(page, live_server, "dora", "correct horse battery 9")
    expect(page).to_have_title("My tickets · Helpdesk")
    expect(page.get_by_text("dora", exact=True)).to_be_visible()
    shot(page, "portal-17-invited-customer-signed-in")

    page.goto(link)
    expect(page).to_have_title("This link no longer works · Helpdesk")


def test_password_reset_pages_are_accessible(page, live_server, shot):
    CustomerFactory(username="carol", email="carol@example.com")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_title("Reset your password · Helpdesk")
    assert_accessible(page)
    shot(page, "portal-18-password-reset")
    page.get_by_label("Email address").fill("carol@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_title("Check your email · Helpdesk")
    assert_accessible(page)
    sender.send_pending()  # the reset link leaves through the outbox
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body)[0]
    page.goto(link)
    expect(page).to_have_title("Choose a new password · Helpdesk")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password, again").fill("short")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("This password is too short.")).to_be_visible()
    assert_accessible(page)
    shot(page, "portal-19-reset-password-error")


def test_a_second_customer_gets_the_not_found_page_for_the_first_customers_ticket(
    page, live_server, shot
):
    ticket = TicketFactory(requester=CustomerFactory(username="carol"), subject="Private matter")
    CustomerFactory(username="erin")
    login(page, live_server, "erin")
    response = page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="We can't find that page")).to_be_visible()
    expect(page.get_by_text("Private matter")).to_have_count(0)
    shot(page, "portal-20-other-customers-ticket-404")


def test_portal_pages_read_well_on_a_phone(page, live_server, shot):
    manager = CustomerFactory(username="mia", first_name="Mia", customer_profile__is_manager=True)
    colleague = CustomerFactory(
        username="colin",
        first_name="Colin",
        customer_profile__organization=manager.customer_profile.organization,
    )
    agent = AgentFactory(username="tina")
    waiting = TicketFactory(requester=colleague, subject="Shipping labels print blank")
    services.reply(waiting, actor=agent, body="Which printer do you use?", set_pending=True)
    TicketFactory(requester=manager, subject="Add a second warehouse", category="question")
    TicketFactory(requester=manager, resolved=True, subject="Password emails arrive late")
    page.set_viewport_size(PHONE)
    login(page, live_server, "mia")
    expect(page.get_by_role("row", name=re.compile("Shipping labels"))).to_contain_text("Colin")
    assert_accessible(page)
    shot(page, "portal-21-phone-my-tickets")
    page.get_by_role("link", name="Shipping labels print blank").click()
    assert_accessible(page)
    shot(page, "portal-22-phone-ticket")
    page.goto(f"{live_server.url}/portal/new/")
    assert_accessible(page)
    shot(page, "portal-23-phone-new-ticket")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], "the new-ticket page scrolls sideways on a phone"
