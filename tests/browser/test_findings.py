"""Findings in a real browser (issue 15): an agent records a temporary workaround while the
ticket is worked (the desk and the customer's portal show the badge, the portal only the
customer's words); then clicks Resolve, is asked for the findings, fills them, sends the
summary and sees the Findings card; the customer's portal shows the summary reply, never the
cause. The pages pass axe in light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/findings-*.png``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tickets.models import Ticket, TicketFindings
from tickets.states import Status

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CAUSE = "The nightly import held a lock on the orders table."
WORKAROUND = "Re-run the export by hand after 08:00."
FOR_CUSTOMER = "Please export after 08:00 for now; we are fixing the cause."
SUMMARY = "We moved the nightly job: exports work at any hour again."


@pytest.fixture
def world():
    AgentFactory(username="tina")
    carol = CustomerFactory(username="carol", first_name="Carol")
    ticket = TicketFactory(requester=carol, subject="Export times out in the morning")
    return {"ticket": ticket}


def _check_page(page, shot, name: str, failures: list[str]) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_load_state("networkidle")
        shot(page, f"findings-{name}-{scheme}")
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{name} {scheme}: {error}")
    page.emulate_media(color_scheme="light")


def test_a_workaround_then_resolve_with_findings(browser, live_server, world, shot):
    ticket = world["ticket"]
    failures: list[str] = []
    desk = browser.new_context(viewport=LAPTOP).new_page()
    login(desk, live_server, "tina")
    desk.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")

    # A temporary workaround while the ticket is still worked.
    desk.locator("#findings-workaround summary").click()
    form = desk.locator("#findings-workaround")
    form.get_by_label("The workaround", exact=True).fill(WORKAROUND)
    form.get_by_label("The workaround, in words for the customer").fill(FOR_CUSTOMER)
    shot(desk, "findings-01-workaround-form")
    form.get_by_role("button", name="Record the workaround").click()
    expect(desk.locator("#ticket-state [role=status]")).to_have_text(
        "Workaround recorded: the ticket shows that the permanent fix is pending."
    )
    badge = desk.locator("#findings .workaround-badge")
    expect(badge).to_have_text("Workaround in place, permanent fix pending")
    _check_page(desk, shot, "02-desk-workaround", failures)

    portal = browser.new_context(viewport=LAPTOP).new_page()
    login(portal, live_server, "carol")
    portal.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    expect(portal.locator(".workaround-notice")).to_contain_text(
        "Workaround in place, permanent fix pending"
    )
    expect(portal.locator(".workaround-notice")).to_contain_text(FOR_CUSTOMER)
    expect(portal.get_by_text(WORKAROUND)).to_have_count(0)
    _check_page(portal, shot, "03-portal-workaround", failures)

    # Resolve asks for the findings: the cause and the fix.
    desk.locator("#transition-resolve summary").click()
    resolve = desk.locator("#transition-resolve")
    resolve.get_by_role("button", name="Resolve").click()  # empty: the browser asks first
    expect(resolve.get_by_label("What caused it?")).to_be_visible()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN
    resolve.get_by_label("What caused it?").fill(CAUSE)
    resolve.get_by_label("What was tried and did not help (optional)").fill("Restarting.")
    resolve.get_by_label("The fix, or the workaround").fill("Moved the import to 03:00.")
    resolve.get_by_label("The fix", exact=True).check()
    resolve.get_by_label("Should a doc change?").select_option("internal")
    resolve.get_by_label("What should the doc say?").fill("Runbook: imports run at 03:00.")
    resolve.get_by_label("Summary for the customer (optional)").fill(SUMMARY)
    resolve.get_by_label("Send this summary to the customer with the resolution").check()
    shot(desk, "findings-04-resolve-form")
    resolve.get_by_role("button", name="Resolve").click()
    expect(desk.locator("#ticket-status-badge")).to_have_text("Resolved")
    card = desk.locator("#findings")
    expect(card).to_contain_text(CAUSE)
    expect(card).to_contain_text("An internal doc should change: Runbook: imports run at 03:00.")
    expect(card.locator(".workaround-badge")).to_have_count(0)
    expect(card.get_by_text("Edit findings…")).to_be_visible()
    findings = TicketFindings.objects.get(ticket=ticket)
    assert (findings.outcome, findings.workaround_active) == ("fix", False)
    desk.reload()
    expect(desk.locator(".message-card").filter(has_text=SUMMARY)).to_have_count(1)
    _check_page(desk, shot, "05-desk-resolved", failures)

    portal.reload()
    expect(portal.locator(".message-card").filter(has_text=SUMMARY)).to_have_count(1)
    expect(portal.get_by_text(CAUSE)).to_have_count(0)
    expect(portal.locator(".workaround-notice")).to_have_count(0)
    _check_page(portal, shot, "06-portal-resolved", failures)

    assert not failures, "\n".join(failures)


def test_the_findings_pages_fit_a_phone(browser, live_server, world, shot):
    ticket = world["ticket"]
    failures: list[str] = []
    for user, path in (
        ("tina", f"/desk/tickets/{ticket.pk}/"),
        ("carol", f"/portal/tickets/{ticket.pk}/"),
    ):
        page = browser.new_context(viewport=PHONE).new_page()
        login(page, live_server, user)
        if user == "tina":
            page.goto(f"{live_server.url}{path}")
            page.locator("#findings-workaround summary").click()
            form = page.locator("#findings-workaround")
            form.get_by_label("The workaround", exact=True).fill(WORKAROUND)
            form.get_by_label("The workaround, in words for the customer").fill(FOR_CUSTOMER)
            form.get_by_role("button", name="Record the workaround").click()
            expect(page.locator("#findings .workaround-badge")).to_be_visible()
            page.locator("#findings-edit summary").click()
        page.goto(f"{live_server.url}{path}")
        if user == "tina":
            page.locator("#transition-resolve summary").click()
        else:
            expect(page.locator(".workaround-notice")).to_be_visible()
        page.wait_for_load_state("networkidle")
        shot(page, f"findings-07-{user}-390")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > PHONE["width"]:
            failures.append(f"{path}: {scroll} px wide on a 390 px phone")
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)
