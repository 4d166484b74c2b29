"""Seed 003-09 in a real browser: in working hours a T2 agent's escalation to On-Call waits for a
lead. The lead sees the banner on the ticket page, reviews what the agent wrote and confirms; the
ticket is then On-Call's and the on-call agent is paged. The ticket page with its banner and the
confirmation page pass axe in light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/oncall-confirm-*.png``.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from escalation import services
from escalation.models import OnCallAlert, OnCallRequest
from helpdesk.notifications.models import Notification
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets
from tickets.models import Ticket, Tier

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # T2's working hours


@pytest.fixture
def held(db):
    tara = AgentFactory(username="tara")
    Tier.objects.get(code="T2").members.add(tara)
    Tier.objects.get(code="ONCALL").members.add(AgentFactory(username="oscar"))
    LeadFactory(username="lena")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        ticket = tickets.submit_ticket(
            actor=customer,
            subject="Checkout returns 502 for everyone",
            description="Nobody can pay.",
            category="urgent_issue",
        )
        tickets.move_to_tier(ticket, actor=tara, tier=Tier.objects.get(code="T2"))
        request = services.escalate_up(
            ticket,
            actor=tara,
            target_tier="ONCALL",
            questions=["Is the payment gateway down for every account?"],
            findings="502 from the load balancer since 09:40.",
            customer_message="Our on-call engineers are on it.",
        )
    assert isinstance(request, OnCallRequest)
    return ticket


def test_a_lead_confirms_an_on_call_escalation_from_the_banner(browser, live_server, shot, held):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/tickets/{held.pk}/")
    banner = page.get_by_role("region", name="Escalation to On-Call awaits a lead's confirmation")
    expect(banner).to_contain_text("tara escalated it")
    shot(page, "oncall-confirm-01-banner")
    banner.get_by_role("link", name="Review and confirm or decline").click()

    expect(page.get_by_text("Is the payment gateway down for every account?")).to_be_visible()
    expect(page.get_by_text("502 from the load balancer since 09:40.")).to_be_visible()
    shot(page, "oncall-confirm-02-review")
    page.get_by_role("button", name="Confirm and page On-Call").click()

    expect(page.get_by_text("Confirmed: escalated to On-Call, On-Call paged.")).to_be_visible()
    expect(page.locator("#ticket-facts")).to_contain_text("On-Call")
    expect(page.get_by_text("lena confirmed the escalation to ONCALL.")).to_be_visible()
    assert page.locator("[data-on-call-held]").count() == 0
    shot(page, "oncall-confirm-03-confirmed")
    context.close()

    assert Ticket.objects.get(pk=held.pk).tier.code == "ONCALL"
    assert OnCallAlert.objects.get(ticket=held).state == "waiting"
    assert list(
        Notification.objects.filter(kind="oncall_new").values_list("recipient", flat=True)
    ) == ["oscar@example.com"]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_confirmation_pages_pass_axe_and_fit_a_phone(
    browser, live_server, shot, held, viewport
):
    pages = {"ticket": f"/desk/tickets/{held.pk}/", "review": f"/desk/tickets/{held.pk}/oncall/"}
    failures = []
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "lena")
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            width = "phone" if viewport is PHONE else "desktop"
            shot(page, f"oncall-confirm-scheme-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)
