"""The desk by keyboard: the ? panel lists the shortcuts; t takes, Ctrl+Enter sends, ] opens the
next ticket of the queue, s resolves, e escalates; a skip link reaches the status actions.

Screenshots: ``test-artifacts/screenshots/keyboard-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login
from tests.factories import AgentFactory, CustomerFactory
from tickets import services
from tickets.models import Message, Ticket
from tickets.states import Category, MessageKind, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    AgentFactory(username="tina")
    carol = CustomerFactory(username="carol")
    return [
        services.submit_ticket(
            actor=carol, subject=subject, description="Details.", category=Category.QUESTION
        )
        for subject in ("Invoices export lacks VAT", "Password emails arrive late")
    ]


def test_an_agent_works_tickets_from_the_keyboard(page, live_server, shot, queue):
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("link", name=queue[0].subject).click()
    first = f"/desk/tickets/{queue[0].pk}/"
    expect(page).to_have_url(re.compile(re.escape(first) + "$"))
    page.wait_for_load_state("load")  # the shortcuts' script is bound once the page has loaded

    page.keyboard.press("?")
    panel = page.get_by_role("dialog", name="Keyboard shortcuts")
    for line in [
        "Ticket: take it",
        "Ticket: resolve it",
        "Ticket: escalate it",
        "Ticket: open the next ticket of the queue",
        "Send what you typed",
    ]:
        expect(panel).to_contain_text(line)
    shot(page, "keyboard-help")
    page.keyboard.press("Escape")

    page.keyboard.press("t")
    expect(page.get_by_text("The ticket is yours.")).to_be_visible()
    assert Ticket.objects.get(pk=queue[0].pk).assignee.username == "tina"

    page.keyboard.press("r")
    page.keyboard.type("Could you send a screenshot?")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    assert Message.objects.filter(
        ticket=queue[0], kind=MessageKind.PUBLIC_REPLY, body="Could you send a screenshot?"
    ).exists()

    page.keyboard.press("]")
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{queue[1].pk}/$"))

    page.keyboard.press("s")  # opens Resolve's findings, the cursor in the cause
    page.keyboard.type("A stale cache.")
    page.keyboard.press("Tab")  # what was tried (optional)
    page.keyboard.press("Tab")  # the fix
    page.keyboard.type("Fixed by the cache flush.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#status-heading")).to_have_text("Status: Resolved")
    assert Ticket.objects.get(pk=queue[1].pk).status == Status.RESOLVED

    page.goto(f"{live_server.url}{first}")
    page.keyboard.press("e")
    expect(page).to_have_url(re.compile(rf"{first}escalate/$"))


def test_a_skip_link_reaches_the_status_actions_in_a_few_tabs(page, live_server, shot, queue):
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/tickets/{queue[0].pk}/")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to status and actions")
    expect(skip).to_be_focused()
    shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.closest('#ticket-state') !== null")
    assert focused, page.evaluate("document.activeElement.outerHTML")
