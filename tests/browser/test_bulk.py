"""Bulk actions on the desk queue in a real browser (issue 14): a lead ticks twenty rows, gives
them to a colleague, and reads which one was refused and why; axe checks the bar in light and
dark mode and on a phone.

Screenshots: ``test-artifacts/screenshots/bulk-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, LeadFactory, TagFactory, TicketFactory
from tickets.models import Ticket
from tickets.states import Category

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
QUEUE = "/desk/?category=issue_with_error"


@pytest.fixture
def queue(db):
    """A lead, a colleague who does not speak Spanish, twenty tickets with an error (the
    eighth tagged Spanish) and a question the filter leaves out."""
    LeadFactory(username="lena")
    ada = AgentFactory(username="ada")
    tickets = TicketFactory.create_batch(20, category=Category.ISSUE_WITH_ERROR)
    tickets[7].tags.add(TagFactory(name="Spanish"))
    TicketFactory(category=Category.QUESTION, subject="How do I export my invoices?")
    return {"ada": ada, "tickets": tickets, "spanish": tickets[7]}


def test_a_lead_assigns_twenty_tickets_and_reads_the_one_refused(page, live_server, shot, queue):
    ada, spanish = queue["ada"], queue["spanish"]
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "lena")
    rows = page.locator(".queue-row")
    expect(rows).to_have_count(21)
    # Filtering swaps the results, the bar with them: it posts back to the filtered queue.
    page.get_by_label("Category").select_option("issue_with_error")
    expect(page).to_have_url(re.compile(r"/desk/\?(tier=all&)?category=issue_with_error$"))
    expect(rows).to_have_count(20)
    expect(page.locator("#bulk-form")).to_have_attribute(
        "action", "/desk/bulk/?tier=all&category=issue_with_error&page=1"
    )
    select_all = page.get_by_label("Select all tickets on this page")
    expect(select_all).to_be_visible()  # the script shows it
    # Only the action shows until one is chosen.
    expect(page.get_by_label("Agent", exact=True)).to_be_hidden()
    expect(page.get_by_label("New status")).to_be_hidden()
    assert_accessible(page)
    shot(page, "bulk-01-queue")

    # Tick every row on the page, untick one and tick it again by keyboard.
    select_all.check()
    expect(page.locator("[data-bulk-row]:checked")).to_have_count(20)
    expect(page.locator("[data-bulk-count]")).to_have_text("20 tickets selected.")
    first = page.get_by_label(f"Select ticket #{queue['tickets'][0].pk}", exact=True)
    first.uncheck()
    expect(page.locator("[data-bulk-count]")).to_have_text("19 tickets selected.")
    assert select_all.evaluate("box => box.indeterminate")
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    expect(select_all).to_be_checked()

    page.get_by_label("Action").select_option(label="Assign to an agent")
    expect(page.get_by_label("Agent", exact=True)).to_be_visible()
    expect(page.get_by_label("Tags")).to_be_hidden()
    page.get_by_label("Agent", exact=True).select_option(label="ada")
    assert_accessible(page)
    shot(page, "bulk-02-twenty-ticked")
    page.get_by_role("button", name="Apply to the selected tickets").click()

    # Back on the same queue, one warning naming the refused ticket and why.
    expect(page).to_have_url(re.compile(r"/desk/\?(tier=all&)?category=issue_with_error&page=1$"))
    notice = page.locator("#messages .notification")
    expect(notice).to_have_count(1)
    expect(notice).to_have_class(re.compile(r"\bis-warning\b"))
    expect(notice).to_have_text(
        f"19 tickets assigned to ada. 1 refused: #{spanish.pk} — Ticket #{spanish.pk} is tagged "
        "Spanish: only agents marked as Spanish speakers may take it, and ada is not."
    )
    expect(page.locator('.queue-row td[data-label="Assignee"]', has_text="ada")).to_have_count(19)
    refused = page.locator(".queue-row", has=page.get_by_label(f"Select ticket #{spanish.pk}"))
    expect(refused.locator('td[data-label="Assignee"]')).to_have_text("Unassigned")
    expect(page.locator("[data-bulk-row]:checked")).to_have_count(0)
    assert_accessible(page)
    shot(page, "bulk-03-assigned")

    assignees = dict(Ticket.objects.values_list("pk", "assignee"))
    assert [assignees[t.pk] for t in queue["tickets"]] == [
        None if t.pk == spanish.pk else ada.pk for t in queue["tickets"]
    ]


def test_a_close_without_its_reason_changes_nothing_and_says_why(page, live_server, shot, queue):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}{QUEUE}")
    page.get_by_label(f"Select ticket #{queue['tickets'][0].pk}", exact=True).check()
    page.get_by_label("Action").select_option(label="Change the status")
    page.get_by_label("New status").select_option(label="Close")
    expect(page.get_by_label("Yes, close the selected tickets")).to_be_visible()
    expect(page.get_by_label("Days on hold (Hold only)")).to_be_hidden()
    page.get_by_label("Yes, close the selected tickets").check()
    page.get_by_role("button", name="Apply to the selected tickets").click()

    notice = page.locator("#messages .notification")
    expect(notice).to_have_class(re.compile(r"\bis-danger\b"))
    expect(notice).to_have_text("Nothing was changed: Say why the ticket is closed.")
    assert set(Ticket.objects.values_list("status", flat=True)) == {"open"}
    shot(page, "bulk-04-close-refused")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_bar_passes_axe_in_both_schemes(page, live_server, shot, queue, scheme, viewport):
    page.set_viewport_size(viewport)
    login(page, live_server, "lena")
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}{QUEUE}")
    page.reload()  # colour transitions would fool axe's contrast check
    page.wait_for_load_state("networkidle")
    page.get_by_label(f"Select ticket #{queue['tickets'][1].pk}", exact=True).check()
    page.get_by_label("Action").select_option(label="Change the status")
    page.get_by_label("New status").select_option(label="Close")
    assert_accessible(page)
    width = viewport["width"]
    # The bar and the table fit the screen (on a laptop a lead's navigation bar is wider than
    # 1,280 px already; on a phone it folds into a menu and the whole page fits).
    for part in ("#bulk-form", ".queue-table"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0, part
        assert box["x"] + box["width"] <= width, part
    if viewport is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"bulk-05-{scheme}-{width}")


def test_without_javascript_the_row_boxes_and_the_bar_still_work(browser, live_server, queue):
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}{QUEUE}")
    first, second = queue["tickets"][:2]

    expect(page.get_by_label("Select all tickets on this page")).to_be_hidden()
    expect(page.get_by_label("Tags")).to_be_visible()  # every field shows
    page.get_by_label(f"Select ticket #{first.pk}", exact=True).check()
    page.get_by_label(f"Select ticket #{second.pk}", exact=True).check()
    page.get_by_label("Action").select_option(label="Add tags")
    page.get_by_label("Tags").fill("Billing, vip")
    page.get_by_role("button", name="Apply to the selected tickets").click()

    expect(page).to_have_url(re.compile(r"/desk/\?(tier=all&)?category=issue_with_error&page=1$"))
    expect(page.locator("#messages .notification.is-success")).to_have_text(
        "2 tickets tagged Billing, vip."
    )
    assert [sorted(t.tags.values_list("name", flat=True)) for t in (first, second)] == [
        ["Billing", "vip"]
    ] * 2
    context.close()
