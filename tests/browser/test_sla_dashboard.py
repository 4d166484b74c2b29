"""A lead opens the SLA dashboard and sees the Red ticket in the Red list."""

from datetime import timedelta

from django.utils import timezone

from sla.models import BusinessCalendar, SlaPolicy
from sla.sweeps import sweep_colours
from tests.browser.helpers import assert_accessible, login
from tests.factories import CustomerFactory, LeadFactory
from tickets import services


def test_lead_sees_the_red_ticket(page, live_server, shot, db):
    SlaPolicy.objects.filter(tier__slug="triage").update(
        calendar=BusinessCalendar.objects.get(name="24×7"),
        yellow_after_minutes=60,
        red_after_minutes=120,
    )
    red = services.submit_ticket(
        actor=CustomerFactory(),
        subject="Checkout returns 502",
        description="Since the deploy.",
        category="urgent_issue",
        at=timezone.now() - timedelta(hours=6),
    )
    sweep_colours()
    LeadFactory(username="lena")

    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/sla/")

    assert page.title() == "SLA dashboard · Helpdesk"
    red_table = page.get_by_role("table", name="Red, oldest first")
    row = red_table.get_by_role("row").filter(has_text=f"#{red.pk} Checkout returns 502")
    assert row.count() == 1
    assert "Red — 4h over" in row.inner_text()
    triage = page.locator("tr[data-tier=triage]")
    assert triage.locator(".sla-red").inner_text() == "1"
    assert_accessible(page)
    shot(page, "sla-dashboard")
