"""The queue as a workbench, in a real browser: an agent sorts by a column and saves the view;
the lead publishes "Urgent, unassigned" for T1 as its default, and a T1 agent signing in lands
on it. axe finds nothing serious in light and dark mode, on a laptop and on a 390 px phone
(where the table folds into cards and the "Order" menu sorts).

Screenshots: ``test-artifacts/screenshots/views-*.png``.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, LeadFactory, TicketFactory
from tickets.models import SavedView, Tier
from tickets.states import Priority

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCHEMES = ("light", "dark")


@pytest.fixture
def desk():
    t1 = Tier.objects.get(slug="t1")
    triage = Tier.objects.get(slug="triage")
    ana = AgentFactory(username="ana")
    triage.members.add(ana)
    tess = AgentFactory(username="tess")
    t1.members.add(tess)
    LeadFactory(username="lena")
    now = timezone.now()
    for subject, tier, priority, days, assignee in [
        ("Checkout page shows a 500 error", triage, Priority.HIGH, 1, None),
        ("Invoices export is empty", triage, Priority.NORMAL, 4, None),
        ("Password emails arrive late", triage, Priority.LOW, 2, ana),
        ("Production database is unreachable", t1, Priority.TOP, 3, None),
        ("Payment webhook times out", t1, Priority.TOP, 1, tess),
        ("Images do not load on mobile", t1, Priority.NORMAL, 5, None),
    ]:
        TicketFactory(
            subject=subject,
            tier=tier,
            priority=priority,
            assignee=assignee,
            created_at=now - timedelta(days=days),
            updated_at=now - timedelta(hours=days),
        )


def _subjects(page):
    return page.locator(".queue-row .queue-link")


def test_an_agent_sorts_by_a_column_and_saves_the_view(page, live_server, shot, desk):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "ana")

    # Signing in lands on the agent's own tier, top priority first.
    expect(page).to_have_url(re.compile(r"/desk/\?tier=mine$"))
    expect(page.get_by_label("Tier", exact=True)).to_have_value("mine")
    expect(_subjects(page)).to_have_text(
        [
            "Checkout page shows a 500 error",
            "Invoices export is empty",
            "Password emails arrive late",
        ]
    )
    priority = page.get_by_role("columnheader", name="Priority", exact=True)
    expect(priority).to_have_attribute("aria-sort", "ascending")

    # Unassigned only, then the Age header: oldest first, the filter kept.
    page.get_by_label("Assignee").select_option("none")
    expect(_subjects(page)).to_have_count(2)
    page.get_by_role("link", name="Age", exact=True).click()
    expect(page).to_have_url(re.compile(r"/desk/\?tier=mine&assignee=none&sort=created$"))
    expect(_subjects(page)).to_have_text(
        ["Invoices export is empty", "Checkout page shows a 500 error"]
    )
    age = page.get_by_role("columnheader", name="Age", exact=True)
    expect(age).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("columnheader", name="Priority", exact=True)).not_to_have_attribute(
        "aria-sort", re.compile(".")
    )
    expect(page.get_by_label("Order")).to_have_value("created")
    expect(page.locator(".queue-range")).to_contain_text("of 2, oldest first.")
    shot(page, "views-01-sorted-by-age")

    # A second click reverses it.
    page.get_by_role("link", name="Age", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=-created$"))
    expect(page.get_by_role("columnheader", name="Age", exact=True)).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(_subjects(page)).to_have_text(
        ["Checkout page shows a 500 error", "Invoices export is empty"]
    )

    # Save this view: it opens, marked as the current one.
    page.locator(".queue-view-save summary").click()
    page.get_by_label("Name").fill("Newest unassigned")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Saved the view “Newest unassigned”.")
    current = page.locator('.queue-view-link[aria-current="page"]')
    expect(current).to_have_text("Newest unassigned (yours)")
    expect(page).to_have_url(re.compile(r"/desk/\?tier=mine&assignee=none&sort=-created$"))
    assert SavedView.objects.get().query == "tier=mine&assignee=none&sort=-created"
    assert_accessible(page)
    shot(page, "views-02-saved")

    # "All tiers" is one click away; the saved view brings the agent back.
    page.get_by_role("link", name="All tiers").click()
    expect(_subjects(page)).to_have_count(6)
    page.get_by_role("link", name="Newest unassigned (yours)").click()
    expect(_subjects(page)).to_have_count(2)


def test_the_lead_publishes_urgent_unassigned_and_a_t1_agent_lands_on_it(
    browser, live_server, shot, desk
):
    lead_context = browser.new_context(viewport=LAPTOP)
    lead = lead_context.new_page()
    login(lead, live_server, "lena")

    # A lead of no tier sees every tier; sets the filters and the SLA order.
    expect(lead).to_have_url(re.compile(r"/desk/$"))
    lead.get_by_label("Tier", exact=True).select_option("t1")
    lead.get_by_label("Assignee").select_option("none")
    lead.get_by_label("Priority", exact=True).select_option("top")
    expect(lead).to_have_url(re.compile(r"/desk/\?tier=t1&assignee=none&priority=top$"))
    lead.get_by_role("columnheader", name="SLA", exact=True).get_by_role("link").click()
    expect(lead).to_have_url(
        re.compile(r"/desk/\?tier=t1&assignee=none&priority=top&sort=sla_due$")
    )
    expect(_subjects(lead)).to_have_text(["Production database is unreachable"])

    lead.locator(".queue-view-save summary").click()
    lead.get_by_label("Name").fill("Urgent, unassigned")
    lead.get_by_label("Who sees it").select_option("t1")
    lead.get_by_label("Make it the tier's default: its members land on it").check()
    shot(lead, "views-03-lead-publishes")
    lead.get_by_role("button", name="Save", exact=True).click()
    expect(lead.locator("#messages")).to_contain_text(
        "Published “Urgent, unassigned” for T1: its members land on it."
    )
    lead_context.close()

    # Tess works T1: signing in lands her on the view.
    agent_context = browser.new_context(viewport=LAPTOP)
    page = agent_context.new_page()
    login(page, live_server, "tess")
    expect(page).to_have_url(
        re.compile(r"/desk/\?tier=t1&assignee=none&priority=top&sort=sla_due$")
    )
    expect(page.locator('.queue-view-link[aria-current="page"]')).to_have_text(
        "Urgent, unassigned (T1's default)"
    )
    expect(_subjects(page)).to_have_text(["Production database is unreachable"])
    expect(page.get_by_role("columnheader", name="SLA", exact=True)).to_have_attribute(
        "aria-sort", "ascending"
    )
    # She may open it, not change it: no rename or delete for her.
    expect(page.locator(".queue-view-manage")).to_have_count(0)
    assert_accessible(page)
    shot(page, "views-04-t1-agent-lands")
    agent_context.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_queue_with_its_views_passes_axe_in_both_schemes(
    browser, live_server, shot, desk, width
):
    SavedView.objects.create(
        name="Urgent, unassigned",
        owner=AgentFactory(username="someone"),
        query="tier=t1&assignee=none&priority=top&sort=sla_due",
        shared_with_tier=Tier.objects.get(slug="t1"),
        is_default=False,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    context = browser.new_context(viewport=LAPTOP if width == "desktop" else PHONE)
    page = context.new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/?tier=all&sort=-activity")
    if width == "phone":
        # The table folds into cards: the "Order" menu sorts.
        page.get_by_label("Order").select_option("created")
        expect(page).to_have_url(re.compile(r"sort=created$"))
        expect(_subjects(page).first).to_have_text("Images do not load on mobile")
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.reload()
        page.wait_for_load_state("networkidle")
        page.locator(".queue-view-save summary").click()
        page.locator(".queue-view-manage summary").click()
        # (A lead's navigation bar is wider than 1280 px on every desk page: not the queue's.)
        limit = page.viewport_size["width"]
        right = page.evaluate(
            "Math.max(...['#queue-views', '.queue-filters', '#queue-results']"
            ".map(s => document.querySelector(s).getBoundingClientRect().right))"
        )
        assert right <= limit, f"the queue reaches {right} px on a {limit} px screen"
        if width == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= limit
        assert_accessible(page)
        shot(page, f"views-scheme-{scheme}-{width}")
        page.locator("#queue-views").screenshot(
            path=str(ARTIFACTS / f"views-panel-{scheme}-{width}.png")
        )
    context.close()
