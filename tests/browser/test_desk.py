"""The agent desk in a real browser: the triage agent works a ticket from the queue to Closed,
uses the keyboard, and meets a colleague's change; axe checks every page on laptop and phone.

Screenshots: ``test-artifacts/screenshots/desk-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    LeadFactory,
    MessageFactory,
    TicketFactory,
)
from tickets import services
from tickets.models import Ticket, TransitionLog
from tickets.states import Category, MessageKind, Priority, Status

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desk(db):
    """A triage agent, a customer's fresh ticket with every intake field, and a few others."""
    triage = AgentFactory(username="triage")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme Shoes")
    ticket = services.submit_ticket(
        actor=customer,
        subject="Checkout page shows a 500 error",
        description="Since this morning the **Pay** button fails.",
        category=Category.ISSUE_WITH_ERROR,
        production_url="https://shop.acme.example/checkout",
        version_seen="4.2.1",
        browser="Firefox 128 on Windows",
        steps_to_reproduce="1. Add any shoe to the cart\n2. Press Pay",
        error_text="Server Error (500)",
    )
    services.submit_ticket(
        actor=customer,
        subject="How do I export my invoices?",
        description="Looking for a CSV.",
        category=Category.QUESTION,
    )
    services.submit_ticket(
        actor=customer,
        subject="Site is down after the last deploy",
        description="Nothing loads.",
        category=Category.URGENT_ISSUE,
    )
    TicketFactory(subject="An old solved one", resolved=True, priority=Priority.HIGH)
    return {"agent": triage, "customer": customer, "ticket": ticket}


def test_triage_agent_works_a_ticket_from_the_queue_to_closed(page, live_server, shot, desk):
    ticket = desk["ticket"]
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "triage")

    # The queue: active tickets, top priority first, the solved one left out.
    expect(page).to_have_title("Queue · Helpdesk")
    subjects = page.locator(".queue-row .queue-link")
    expect(subjects).to_have_text(
        [
            "Site is down after the last deploy",
            "Checkout page shows a 500 error",
            "How do I export my invoices?",
        ]
    )
    row = page.locator(".queue-row", has_text=ticket.subject)
    expect(row).to_contain_text("Acme Shoes")
    expect(row).to_contain_text("Customer")  # who had the last word
    expect(page.locator("#status-tab-active .count")).to_have_text("3")
    assert_accessible(page)
    shot(page, "desk-01-queue")

    # Filtering swaps the results in place (htmx) and puts the filters in the address (the tier
    # always: a bare /desk/ lands an agent on their own tiers).
    page.get_by_label("Category").select_option("issue_with_error")
    expect(page).to_have_url(re.compile(r"/desk/\?tier=all&category=issue_with_error$"))
    expect(subjects).to_have_text([ticket.subject])
    expect(page.locator("#queue-announce")).to_have_text("1 ticket matches.")
    shot(page, "desk-02-queue-filtered")

    # The ticket page: the request, its intake fields, the actions on offer.
    page.get_by_role("link", name=ticket.subject).click()
    expect(page).to_have_title(f"#{ticket.pk} {ticket.subject} · Helpdesk")
    expect(page.locator(".intake")).to_contain_text("Firefox 128 on Windows")
    expect(page.locator(".intake")).to_contain_text("Server Error (500)")
    assert_accessible(page)
    shot(page, "desk-03-ticket")

    # An internal note: the box switches to note mode, and the note is labelled as such.
    page.get_by_label("Internal note, staff only").check()
    expect(page.locator("#reply")).to_have_class(re.compile(r"\bis-internal\b"))
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_hidden()
    page.get_by_label("Internal note (only staff see it)").fill(
        "Checked the logs: **card gateway** times out."
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#id_body_preview strong")).to_have_text("card gateway")
    shot(page, "desk-04a-note-preview")
    page.get_by_role("button", name="Add internal note").click()
    expect(page.locator("#messages")).to_contain_text("Internal note added.")
    note = page.locator(".message-card.is-internal")
    expect(note).to_contain_text("Internal note · only staff see this")
    expect(note).to_contain_text("card gateway times out")
    shot(page, "desk-04-internal-note")

    # A public reply that also sets the ticket Pending.
    page.get_by_label("Public reply to the customer").check()
    page.get_by_label("Message to the customer").fill("We restarted the gateway; please try again.")
    page.get_by_role("button", name="Send and set Pending").click()
    expect(page.locator("#messages")).to_contain_text("Reply sent; the ticket is Pending.")
    expect(page.locator("#ticket-status-badge")).to_have_text("Pending")
    shot(page, "desk-05-reply-pending")

    # Hold asks for its days; htmx swaps the fresh state in.
    page.locator("summary", has_text="Hold…").click()
    page.get_by_label("Days on hold").fill("2")
    page.get_by_label("Why (optional, shown on the timeline)").fill(
        "Waiting for the gateway vendor."
    )
    page.locator("#transition-hold").get_by_role("button", name="Hold").click()
    expect(page.locator("#ticket-status-badge")).to_have_text("On Hold")
    expect(page.locator("#ticket-state [role=status]")).to_have_text(
        f"Ticket #{ticket.pk} is now On Hold."
    )
    expect(page.locator(".timeline-list")).to_contain_text("Waiting for the gateway vendor.")
    shot(page, "desk-06-on-hold")

    # Resolve asks for the findings (issue 15): the cause and the fix at least.
    page.locator("#transition-resolve summary").click()
    resolve = page.locator("#transition-resolve")
    resolve.get_by_label("What caused it?").fill("The gateway's certificate expired.")
    resolve.get_by_label("The fix, or the workaround").fill("Gateway fixed.")
    resolve.get_by_role("button", name="Resolve").click()
    expect(page.locator("#ticket-status-badge")).to_have_text("Resolved")
    expect(page.get_by_role("button", name="Send and set Pending")).to_have_count(0)
    shot(page, "desk-07-resolved")

    # Close asks why and for a confirmation.
    page.locator("#transition-close summary").click()
    page.get_by_label("Why close it? (shown on the timeline)").fill("The customer confirmed.")
    page.get_by_label(f"Yes, close ticket #{ticket.pk}").check()
    page.locator("#transition-close").get_by_role("button", name="Close").click()
    expect(page.locator("#ticket-status-badge")).to_have_text("Closed")
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    assert_accessible(page)
    shot(page, "desk-08-closed")

    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert list(
        TransitionLog.objects.filter(ticket=ticket).values_list("transition", flat=True)
    ) == ["set_pending", "hold", "resolve", "close"]
    assert list(ticket.messages.values_list("kind", flat=True)) == [
        MessageKind.INTERNAL_NOTE,
        MessageKind.PUBLIC_REPLY,
        MessageKind.FINDINGS,  # Resolve's findings (issue 15), as staff search reads them
        MessageKind.EVENT,  # "triage recorded the findings."
    ]


def test_keyboard_shortcuts_move_open_write_and_explain(page, live_server, shot, desk):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "triage")
    rows = page.locator(".queue-row")

    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-selected\b"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bis-selected\b"))
    expect(rows.nth(1).locator(".queue-link")).to_be_focused()
    expect(page.locator(".queue-row.is-selected")).to_have_count(1)
    shot(page, "desk-09-queue-keyboard")

    page.keyboard.press("Enter")
    ticket = desk["ticket"]  # second in the queue: the urgent one comes first
    expect(page).to_have_url(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.wait_for_load_state()  # the shortcuts script is deferred: let it run before typing

    body = page.locator("#id_body")
    page.keyboard.press("r")
    expect(body).to_be_focused()
    expect(page.locator("#reply-body-label")).to_have_text("Message to the customer")
    # Letters typed into the box are text, not shortcuts.
    page.keyboard.type("jkn?")
    expect(body).to_have_value("jkn?")
    expect(page.locator("#reply")).not_to_have_class(re.compile(r"\bis-internal\b"))

    body.blur()
    page.keyboard.press("n")
    expect(body).to_be_focused()
    expect(page.locator("#reply")).to_have_class(re.compile(r"\bis-internal\b"))
    expect(page.locator("#reply-body-label")).to_have_text("Internal note (only staff see it)")
    expect(page.get_by_role("button", name="Add internal note")).to_be_visible()

    body.blur()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Queue: select the next ticket")
    assert_accessible(page)
    shot(page, "desk-10-shortcuts-help")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_a_stale_transition_shows_the_conflict_and_the_fresh_state(page, live_server, shot, desk):
    ticket = desk["ticket"]
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "triage")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.locator("#id_body").fill("A reply I am still writing.")

    # A colleague resolves the ticket while this page still shows it Open.
    services.transition(Ticket.objects.get(pk=ticket.pk), actor=AgentFactory(), name="resolve")
    page.get_by_role("button", name="Set Pending", exact=True).click()

    alert = page.locator("#ticket-state [role=alert]")
    expect(alert).to_have_text(
        f"Ticket #{ticket.pk} changed while you were looking at it: it is now Resolved. "
        "Nothing was applied."
    )
    expect(alert).to_be_focused()
    expect(page.locator("#ticket-status-badge")).to_have_text("Resolved")
    expect(page.get_by_role("button", name="Set Pending", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("A reply I am still writing.")
    shot(page, "desk-11-conflict")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


def test_desk_pages_read_well_on_a_phone(page, live_server, shot, desk):
    ticket = desk["ticket"]
    MessageFactory(
        ticket=ticket, internal=True, author=desk["agent"], body="Gateway logs attached."
    )
    MessageFactory(ticket=ticket, author=desk["agent"], body="Could you try once more?")
    page.set_viewport_size(PHONE)
    login(page, live_server, "triage")

    expect(page.locator(".queue-row").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    shot(page, "desk-12-phone-queue")

    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    shot(page, "desk-13-phone-ticket")


def test_a_lead_tags_and_reassigns_a_ticket(page, live_server, shot, desk):
    ticket = desk["ticket"]
    LeadFactory(username="lead")
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "lead")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")

    page.get_by_label("Add tags").fill("Spanish, Process Tweak")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#ticket-state [role=status]")).to_have_text("Tags saved.")
    expect(page.locator(".tag-list .ticket-tag")).to_have_text(["Process Tweak", "Spanish"])

    # Spanish-tagged: triage does not speak Spanish, so the assignment is refused with why.
    page.get_by_label("Assign to").select_option(label="triage")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("only agents marked as Spanish speakers")).to_be_visible()
    page.get_by_role("button", name="Remove tag Spanish").click()
    expect(page.locator(".tag-list .ticket-tag")).to_have_text(["Process Tweak"])
    page.get_by_label("Assign to").select_option(label="triage")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator("#ticket-state [role=status]")).to_have_text("Assigned to triage.")
    assert_accessible(page)
    shot(page, "desk-14-lead-tags-assign")

    ticket.refresh_from_db()
    assert ticket.assignee == desk["agent"]
    assert list(ticket.tags.values_list("name", flat=True)) == ["Process Tweak"]


def test_an_agent_files_a_ticket_for_a_customer_who_called(page, live_server, shot, desk):
    login(page, live_server, "triage")
    page.get_by_role("link", name="File a ticket for a customer").click()
    expect(page).to_have_title(re.compile("File a ticket for a customer"))
    page.get_by_label("Customer", exact=True).select_option(label="carol (carol, Acme Shoes)")
    page.get_by_label("Server Issue").check()
    page.get_by_label("Subject").fill("Nightly import stopped")
    page.get_by_label("Description").fill("Called in: the import has not run since Monday.")
    assert_accessible(page)
    shot(page, "desk-15-file-for-customer")
    page.get_by_role("button", name="File the ticket").click()

    ticket = Ticket.objects.get(subject="Nightly import stopped")
    expect(page).to_have_url(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.get_by_text("filed for carol")).to_be_visible()
    assert ticket.requester == desk["customer"]
