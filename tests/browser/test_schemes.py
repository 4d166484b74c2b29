"""Every page family reads well in light and dark mode, on a laptop and on a phone.

One page of each family, as the user who works there, in both colour schemes at 1280 and 390
pixels: axe finds no serious or critical violation (contrast above all), and the page is never
wider than the screen. The page is reloaded after the scheme changes: colour transitions would
fool axe's contrast check.

Screenshots: ``test-artifacts/screenshots/scheme-<page>-<scheme>-<width>.png``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engineering.states import Stage
from knownissues import services as issue_services
from knownissues.models import KnownIssue
from tests.browser.helpers import assert_accessible, login
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    LeadFactory,
    MessageFactory,
    TaskFactory,
    TicketFactory,
)
from tests.factories_staff import InAppNotificationFactory
from tickets import services
from tickets.states import Category

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMES = ("light", "dark")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def world():
    lead = LeadFactory(username="lena")
    agent = AgentFactory(username="tina", first_name="Tina")
    carol = CustomerFactory(
        username="carol", customer_profile__organization__name="Acme Shoes", first_name="Carol"
    )
    ticket = services.submit_ticket(
        actor=carol,
        subject="Checkout page shows a 500 error on every second try",
        description="Since this morning the **Pay** button fails.",
        category=Category.ISSUE_WITH_ERROR,
        production_url="https://shop.acme.example/checkout/a-rather-long-path/that-wraps",
        version_seen="4.2.1",
        browser="Firefox 128 on Windows",
        steps_to_reproduce="1. Add any shoe to the cart\n2. Press Pay",
        error_text="Server Error (500)",
    )
    MessageFactory(ticket=ticket, author=agent, body="Could you try once more?")
    MessageFactory(ticket=ticket, author=agent, internal=True)
    TicketFactory(requester=carol, subject="How do I export my invoices?", pending=True)
    TicketFactory(requester=carol, subject="Password emails arrive late", resolved=True)
    TaskFactory(title="Invoices export lacks VAT", ticket=ticket, stage=Stage.DEVELOPMENT)
    TaskFactory(title="Review the webhook retries", card_colour="priority")
    now = timezone.now()
    issue = KnownIssue.objects.create(
        title="Calendar sync stalls",
        slug="calendar-sync",
        created_by=lead,
        created_at=now - timedelta(hours=2),
        updated_at=now - timedelta(hours=2),
    )
    issue_services.post_incident(
        issue, actor=lead, summary="Calendar sync with booking channels is delayed."
    )
    InAppNotificationFactory(user=agent, ticket_number=ticket.pk)
    return {"ticket": ticket, "issue": issue}


def _pages(world) -> list[tuple[str, str | None, str]]:
    number = world["ticket"].pk
    return [
        ("login", None, "/accounts/login/"),
        ("status", None, "/status/"),
        ("portal-list", "carol", "/portal/"),
        ("portal-detail", "carol", f"/portal/tickets/{number}/"),
        ("portal-new", "carol", "/portal/new/"),
        ("desk-queue", "tina", "/desk/"),
        ("desk-ticket", "tina", f"/desk/tickets/{number}/"),
        ("kanban", "tina", "/desk/tasks/"),
        ("my-time", "tina", "/desk/time/"),
        ("known-issues", "tina", "/desk/known-issues/"),
        ("known-issue", "tina", f"/desk/known-issues/{world['issue'].pk}/"),
        ("guard", "lena", "/desk/guard/"),
        ("sla", "lena", "/desk/sla/"),
        ("notifications", "tina", "/desk/notifications/"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_family_passes_axe_in_both_schemes(browser, live_server, shot, world, width):
    failures = []
    for user in (None, "carol", "tina", "lena"):
        context = browser.new_context(viewport=WIDTHS[width])
        page = context.new_page()
        if user:
            login(page, live_server, user)
        for name, who, path in _pages(world):
            if who != user:
                continue
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                page.goto(f"{live_server.url}{path}")
                page.reload()
                page.wait_for_load_state("networkidle")
                assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                    scheme == "dark"
                )
                shot(page, f"scheme-{name}-{scheme}-{width}")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if width == "phone" and scroll > WIDTHS["phone"]["width"] and name != "kanban":
                    failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{name} {scheme}: {error}")
        context.close()
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    ("user", "path", "item"),
    [("carol", "/portal/", "New ticket"), ("tina", "/desk/", "Known issues")],
)
def test_on_a_phone_the_navigation_folds_into_a_menu(
    browser, live_server, shot, world, user, path, item
):
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    login(page, live_server, user)
    page.goto(f"{live_server.url}{path}")
    link = page.locator("#main-menu a", has_text=item)
    burger = page.get_by_role("button", name="Menu")

    expect(link).to_be_hidden()
    expect(burger).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    burger.click()
    expect(link).to_be_visible()
    expect(burger).to_have_attribute("aria-expanded", "true")
    shot(page, f"phone-menu-{user}")
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    context.close()


def test_without_javascript_the_menu_is_an_open_list(browser, live_server, world):
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/portal/")

    expect(page.get_by_role("link", name="New ticket").first).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_desk_links_fit_one_line_at_1280_and_more_opens_by_keyboard(
    browser, live_server, shot, world, scheme
):
    """A lead sees every daily page and the search box in one row; the weekly ones sit behind
    "More", which opens with Enter, closes with Escape (focus back on it) and with a click
    elsewhere."""
    context = browser.new_context(viewport=WIDTHS["desktop"], color_scheme=scheme)
    page = context.new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/")
    tops = page.eval_on_selector_all(
        "#main-menu .navbar-start > a.navbar-item, #main-menu .navbar-start > details,"
        " #main-menu .navbar-start > form",
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))",
    )
    assert len(tops) >= 9, tops
    assert len(set(tops)) == 1, tops
    guard = page.get_by_role("link", name="Guard")
    expect(guard).to_be_hidden()
    more = page.locator("[data-nav-more] > summary")
    more.focus()
    page.keyboard.press("Enter")
    expect(guard).to_be_visible()
    expect(page.get_by_role("link", name="Experts")).to_be_visible()
    assert_accessible(page)
    shot(page, f"nav-more-{scheme}")
    page.keyboard.press("Escape")
    expect(guard).to_be_hidden()
    expect(more).to_be_focused()
    more.click()
    expect(guard).to_be_visible()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(guard).to_be_hidden()
    context.close()
