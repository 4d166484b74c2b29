"""An Urgent ticket's first-response deadline in the desk: the queue's badge names it, the
ticket page's SLA panel says the same and lists both clocks; axe-clean in light and dark mode
and on a 390 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sla.models import BusinessCalendar, FirstAssignmentTarget
from tests.browser.helpers import assert_accessible, login
from tests.factories import CustomerFactory, LeadFactory
from tickets import services

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def urgent(db):
    # Every minute counts, so the words do not depend on when the test runs.
    FirstAssignmentTarget.objects.filter(category="urgent_issue").update(
        calendar=BusinessCalendar.objects.get(name="24×7")
    )
    LeadFactory(username="lena")
    return services.submit_ticket(
        actor=CustomerFactory(),
        subject="Checkout returns 502",
        description="Since the deploy.",
        category="urgent_issue",
        at=timezone.now() - timedelta(minutes=15) + timedelta(seconds=30),
    )


def test_the_badge_and_the_panel_name_the_first_response_deadline(page, live_server, urgent, shot):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/?tier=all")
    row = page.get_by_role("row").filter(has_text="Checkout returns 502")
    badge = row.locator("[data-sla-badge]")
    expect(badge).to_have_text("First response due in 45m")
    assert "sla-green" in badge.get_attribute("class")
    shot(page, "first-response-queue")

    page.goto(f"{live_server.url}/desk/tickets/{urgent.pk}/")
    panel = page.locator("section[aria-labelledby=sla-heading]")
    expect(panel.locator("[data-sla-nearest]")).to_have_text(
        "Nearest deadline: First response due in 45m"
    )
    first = panel.locator("[data-first-response]")
    expect(first).to_contain_text("Target for Urgent Issue: 1 business hour")
    expect(first).to_contain_text("due (Red) at")
    expect(panel).to_contain_text("Triage: Yellow in")
    # The facts' badge and the panel agree.
    expect(page.locator("[data-sla-badge]").first).to_have_text("First response due in 45m")
    shot(page, "first-response-ticket")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_pages_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, urgent, shot, width
):
    context = browser.new_context(viewport=LAPTOP if width == "desktop" else PHONE)
    page = context.new_page()
    login(page, live_server, "lena")
    failures = []
    for name, path in (
        ("queue", "/desk/?tier=all"),
        ("ticket", f"/desk/tickets/{urgent.pk}/"),
        ("dashboard", "/desk/sla/"),
    ):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            shot(page, f"first-response-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if width == "phone" and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)
