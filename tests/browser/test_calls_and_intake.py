"""A technical call reaches the customer, in a real browser (seed 000): the agent books it from
the ticket's time panel with a meeting link; the customer's portal ticket page shows the call
and its "Join the call" link, and asks whether the intake summary is right (seed 004); the
answer is on the agent's timeline. The pages pass axe in light and dark mode and fit a 390 px
phone.

Screenshots: ``test-artifacts/screenshots/calls-*.png``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helpdesk.notifications.models import Notification
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory
from tickets import services as tickets
from tickets.models import IntakeConfirmation
from timesheets import services as timesheets

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LINK = "https://meet.example.com/abc-defg-hij"


@pytest.fixture
def ticket(db):
    AgentFactory(username="tina")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    return tickets.submit_ticket(
        actor=customer,
        subject="Scheduled export stops at midnight",
        description="The nightly export stops after 10 minutes.",
        category="issue_with_error",
    )


def test_booking_a_call_reaches_the_customer_who_confirms_the_summary(
    browser, live_server, shot, ticket
):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.locator("details.time-call-new summary").click()
    page.locator("#call_meeting_url").fill(LINK)
    page.locator("#call_note").fill("Walk through the export settings.")
    shot(page, "calls-01-booking-form")
    page.get_by_role("button", name="Book the call").click()
    expect(page.get_by_text("the customer is emailed an invitation")).to_be_visible()
    shot(page, "calls-02-booked")
    context.close()
    assert Notification.objects.filter(kind="call_invitation").count() == 1

    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "carol")
    page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    calls = page.locator("section.technical-calls")
    expect(calls).to_contain_text("Technical calls")
    expect(calls).to_contain_text("With tina")
    expect(calls.get_by_role("link", name="Join the call")).to_have_attribute("href", LINK)
    assert "Walk through the export settings" not in page.content()
    expect(page.get_by_text("Is this what you told us?")).to_be_visible()
    shot(page, "calls-03-portal-call-and-intake")
    page.get_by_role("button", name="Yes, that's right").click()
    expect(page.get_by_text("You confirmed this summary.")).to_be_visible()
    shot(page, "calls-04-portal-confirmed")
    context.close()
    assert IntakeConfirmation.objects.get(ticket=ticket).correct is True

    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.get_by_text("The customer confirmed the intake summary.")).to_be_visible()
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_call_pages_pass_axe_and_fit_a_phone(browser, live_server, shot, ticket, viewport):
    agent = ticket.tier.members.first() or AgentFactory(username="tom")
    timesheets.schedule_call(
        actor=agent,
        ticket=ticket,
        scheduled_at=timezone.now() + timedelta(days=1),
        slots=[timezone.now() + timedelta(days=2)],
        meeting_url=LINK,
    )
    pages = {"portal": ("carol", f"/portal/tickets/{ticket.pk}/")}
    pages["desk"] = ("tina", f"/desk/tickets/{ticket.pk}/")
    failures = []
    width = "phone" if viewport is PHONE else "desktop"
    for name, (user, path) in pages.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        login(page, live_server, user)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            if name == "desk":
                page.locator("#out-of-scope summary").click()
            shot(page, f"calls-scheme-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
        context.close()
    assert not failures, "\n\n".join(failures)
