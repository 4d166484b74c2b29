"""Time in a real browser: an agent starts the timer on a ticket, sees it run, stops it and the
entry appears in the panel; My time lists it with a booked call; the customer sees the time
spent next to how long the ticket has been open, without names or notes; a lead's report.

Screenshots: ``test-artifacts/screenshots/timesheets-*.png``.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helpdesk.core.days import format_day
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TicketFactory
from tests.timesheets.factories import SupportPackFactory, TimeEntryFactory
from timesheets.models import RunningTimer, TimeEntry

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def sign_in(username, viewport=LAPTOP, color_scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, username)
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.fixture
def world(db):
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    ticket = TicketFactory(
        requester=customer,
        subject="Invoices export misses the VAT column",
        created_at=timezone.now() - timedelta(days=5, hours=3),
    )
    agent = AgentFactory(username="tina", first_name="Tina")
    SupportPackFactory(organization=ticket.organization, reference="ACME-20H", hours=Decimal("20"))
    return {"customer": customer, "ticket": ticket, "agent": agent}


def test_agent_starts_and_stops_the_timer_on_the_ticket_page(live_server, shot, world, as_user):
    ticket = world["ticket"]
    page = as_user("tina")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    panel = page.locator("#time-panel")
    expect(panel.get_by_role("heading", name="Time")).to_be_visible()
    expect(panel).to_contain_text("No time logged yet.")
    expect(panel).to_contain_text("ACME-20H")

    panel.get_by_label("Activity to time").select_option("sample_code")
    panel.get_by_role("button", name="Start timer").click()

    expect(panel).to_contain_text("Timer started.")
    expect(page.get_by_role("group", name="Your running timer")).to_contain_text(f"#{ticket.pk}")
    clock = panel.locator(".timer-clock")
    expect(clock).to_have_text("0:00:02", timeout=5000)  # the clock ticks in the browser
    assert RunningTimer.objects.get().activity == "sample_code"
    panel.scroll_into_view_if_needed()
    shot(page, "timesheets-timer-running")
    assert_accessible(page)

    panel.get_by_role("button", name="Stop and log").click()

    expect(panel).to_contain_text("Timer stopped: 1 min of sample code logged")
    expect(page.locator(".header-timer")).to_have_count(0)  # the header follows the panel
    expect(panel).to_contain_text("1 min logged · 1 min billable")
    expect(panel.locator(".time-entries")).to_contain_text("tina · Sample code")
    entry = TimeEntry.objects.get()
    assert (entry.ticket_id, entry.minutes, entry.agent.username) == (ticket.pk, 1, "tina")
    assert entry.support_pack.reference == "ACME-20H"
    assert not RunningTimer.objects.exists()
    shot(page, "timesheets-timer-stopped")

    # Manual entry from the same panel: the day reads as the pages write days, and is typed so;
    # self-learning unticks "Billable" by itself.
    today, yesterday = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    panel.get_by_text("Log time manually").click()
    day = panel.get_by_label("Date")
    expect(day).to_have_value(format_day(today))
    expect(day).to_have_accessible_description(f"Day, month, year, e.g. {format_day(today)}.")
    day.fill(format_day(yesterday))
    panel.get_by_label("Minutes").fill("45")
    panel.get_by_label("Activity", exact=True).select_option("self_learning")
    expect(panel.get_by_label("Billable")).not_to_be_checked()
    panel.get_by_label("Activity", exact=True).select_option("research")
    panel.get_by_label("Billable").check()
    panel.get_by_role("button", name="Log time").click()
    expect(panel).to_contain_text("Logged 45 min on #")
    expect(panel).to_contain_text("46 min logged · 46 min billable")
    assert TimeEntry.objects.get(minutes=45).date == yesterday

    # Booking a call from the panel.
    panel.get_by_text("Book a call").click()
    expect(panel.get_by_label("Day", exact=True)).to_have_value(
        format_day(today + timedelta(days=1))
    )
    panel.get_by_label("Day", exact=True).fill("31 Feb 2027")
    panel.get_by_label("Start time").fill("11:00")
    panel.get_by_label("Meeting link").fill("https://meet.example.com/acme-call")
    panel.get_by_role("button", name="Book the call").click()
    expect(panel).to_contain_text("Nothing was saved. Day: February 2027 has no day 31.")
    expect(panel.locator("#field-call_day .is-danger")).to_have_text("February 2027 has no day 31.")
    expect(panel.get_by_label("Day", exact=True)).to_have_value("31 Feb 2027")
    panel.get_by_label("Day", exact=True).fill(format_day(today + timedelta(days=1)))
    panel.get_by_role("button", name="Book the call").click()
    expect(panel).to_contain_text("Call booked for")
    expect(panel.get_by_role("button", name="Customer did not show")).to_be_disabled()
    panel.scroll_into_view_if_needed()
    shot(page, "timesheets-call-booked")
    assert_accessible(page)


def test_my_time_lists_the_week_calls_and_follow_ups(live_server, shot, world, as_user):
    from timesheets import services

    ticket, agent = world["ticket"], world["agent"]
    TimeEntryFactory(agent=agent, ticket=ticket, minutes=95, note="Reproduced on staging")
    TimeEntryFactory(agent=agent, ticket=None, minutes=30, activity="self_learning", billable=False)
    services.schedule_call(
        actor=agent,
        ticket=ticket,
        scheduled_at=timezone.now() + timedelta(days=1),
        meeting_url="https://meet.example.com/x",
    )
    services.add_follow_up(
        actor=agent, ticket=ticket, due_on=timezone.localdate(), note="Ask whether it works"
    )
    page = as_user("tina")

    page.goto(f"{live_server.url}/desk/time/")

    expect(page.get_by_role("heading", name="My time")).to_be_visible()
    expect(page.locator(".time-totals")).to_have_text("2 h 5 min this week · 1 h 35 min billable")
    expect(page.get_by_text("Ask whether it works")).to_be_visible()
    expect(page.get_by_role("button", name="Customer did not show")).to_be_disabled()
    shot(page, "timesheets-my-time")
    assert_accessible(page)

    page.locator(".follow-up").get_by_role("button", name=re.compile(r"^Done")).click()
    expect(page.get_by_text("Nothing to follow up.")).to_be_visible()


def test_the_customer_sees_time_spent_not_just_time_open(live_server, shot, world, as_user):
    ticket, agent = world["ticket"], world["agent"]
    TimeEntryFactory(agent=agent, ticket=ticket, minutes=50, note="internal: blame the cache")
    TimeEntryFactory(agent=agent, ticket=ticket, minutes=20, billable=False, activity="meeting")
    page = as_user("carol")

    page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")

    box = page.locator(".time-spent")
    expect(box.get_by_role("heading", name="Time spent")).to_be_visible()
    expect(box.locator("[data-time-total]")).to_have_text("1 h 10 min")
    expect(box.locator("[data-time-billable]")).to_have_text("50 min")
    expect(box.locator("[data-time-open]")).to_have_text("5 days 3 h")
    expect(page.locator("body")).not_to_contain_text("tina")
    expect(page.locator("body")).not_to_contain_text("blame the cache")
    shot(page, "timesheets-portal-time-spent")
    assert_accessible(page)


def test_a_lead_reads_the_report_with_its_chart(live_server, shot, world, as_user):
    LeadFactory(username="lena")
    ticket, agent = world["ticket"], world["agent"]
    today = timezone.localdate()
    for weeks, minutes in [(3, 300), (2, 420), (1, 180), (0, 240)]:
        TimeEntryFactory(
            agent=agent, ticket=ticket, minutes=minutes, date=today - timedelta(weeks=weeks)
        )
        TimeEntryFactory(
            agent=agent,
            ticket=ticket,
            minutes=minutes // 3,
            billable=False,
            activity="meeting",
            date=today - timedelta(weeks=weeks),
        )
    page = as_user("lena")

    page.goto(f"{live_server.url}/desk/time/reports/")

    expect(page.get_by_role("heading", name="Time reports")).to_be_visible()
    expect(page.locator(".report-table tfoot")).to_contain_text("25 h 20 min")
    expect(page.locator("svg.week-chart rect.bar-billable")).to_have_count(4)
    start = today - timedelta(weeks=1)
    expect(page.get_by_label("To")).to_have_value(format_day(today))
    shot(page, "timesheets-report")
    assert_accessible(page)

    # The range is typed as the pages write days; the heading says it back the same way.
    page.get_by_label("From").fill(format_day(start))
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=re.compile("Hours by"))).to_contain_text(
        f"{format_day(start)} – {format_day(today)}"
    )
    expect(page.get_by_label("From")).to_have_value(format_day(start))
    page.get_by_label("From").fill("2026/03/02")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#field-id_date_from .is-danger")).to_have_text(
        f"Write the day as day, month, year, e.g. {format_day(today)} (or {today.isoformat()})."
    )
    expect(page.get_by_label("From")).to_have_value("2026/03/02")
    shot(page, "timesheets-report-bad-day")
    assert_accessible(page)

    for scheme in ("light", "dark"):
        phone = as_user("lena", viewport=PHONE, color_scheme=scheme)
        phone.goto(f"{live_server.url}/desk/time/reports/?date_from=2026%2F03%2F02")
        expect(phone.get_by_label("From")).to_have_value("2026/03/02")
        shot(phone, f"timesheets-report-phone-{scheme}")
        assert_accessible(phone)
