"""The running timer in the desk header (issue 14): an agent starts a timer on a ticket, the
header of every desk page shows it (ticket and elapsed time, moving on each minute), and Stop
from the queue stops it, logs the time and comes back to the queue. axe in light and dark mode,
on a laptop and at 390 px.

Screenshots: ``test-artifacts/screenshots/header-timer-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from timesheets import services
from timesheets.models import RunningTimer, TimeEntry

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_page(username, viewport=LAPTOP, color_scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def ticket(db):
    AgentFactory(username="tina")
    CustomerFactory(username="carol")
    return TicketFactory(subject="Invoices export misses the VAT column")


def test_the_header_shows_the_timer_and_stops_it_from_the_queue(as_user, live_server, shot, ticket):
    page = as_user("tina")
    page.clock.install()  # the header's script runs on this clock: move it a minute on below
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.locator(".header-timer")).to_have_count(0)
    page.locator("#time-panel").get_by_role("button", name="Start timer").click()
    expect(page.locator("#time-panel")).to_contain_text("Timer started.")
    # the panel's answer refreshes the header out of band: no reload needed
    expect(page.get_by_role("group", name="Your running timer")).to_contain_text(f"#{ticket.pk}")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    header = page.get_by_role("group", name="Your running timer")
    expect(header).to_be_visible()
    expect(header.get_by_role("link")).to_have_accessible_name(
        re.compile(rf"^Your timer on ticket #{ticket.pk}\s?, research, running for 0:00$")
    )
    expect(header.locator("time")).to_have_text("0:00")
    expect(header.get_by_role("link")).to_have_attribute("href", f"/desk/tickets/{ticket.pk}/")
    page.clock.fast_forward("01:05")
    expect(header.locator("time")).to_have_text("0:01")
    assert_accessible(page)
    shot(page, "header-timer-01-queue")

    header.get_by_role("button", name="Stop the timer and log its time").click()

    expect(page).to_have_url(f"{live_server.url}/desk/")
    expect(page.locator("#messages")).to_contain_text(
        f"Timer stopped: 1 min of research logged on #{ticket.pk}."
    )
    expect(page.locator(".header-timer")).to_have_count(0)
    entry = TimeEntry.objects.get()
    assert (entry.ticket_id, entry.agent.username, entry.minutes) == (ticket.pk, "tina", 1)
    assert not RunningTimer.objects.exists()
    shot(page, "header-timer-02-stopped")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_the_header_timer_reads_well(as_user, live_server, shot, ticket, scheme, name, viewport):
    services.start_timer(actor=AgentFactory(username="tina"), ticket=ticket, activity="research")
    page = as_user("tina", viewport=viewport, color_scheme=scheme)

    for path in ("/desk/", "/desk/known-issues/", "/desk/time/"):
        page.goto(f"{live_server.url}{path}")
        header = page.get_by_role("group", name="Your running timer")
        expect(header).to_be_visible()  # on a phone too: beside the brand, not in the menu
        expect(header.get_by_role("button", name="Stop the timer and log its time")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    assert_accessible(page)
    shot(page, f"header-timer-03-{name}-{scheme}")
