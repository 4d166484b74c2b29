"""Changing of the Guard in a real browser (seed 003-64..67, decision 0031): the attendees of
this and last week, the changes going out, the outgoing T3's hand-over, and an open on-call
log item assigned out; the rotas page and a known issue verified by T4. The pages pass axe in
light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/guard-*.png``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalation.models import OnCallShift, RotaShift
from helpdesk.core.weeks import Week
from knownissues import services as knownissues
from knownissues.models import OnCallLogEntry
from knownissues.states import LogKind
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TaskFactory, TicketFactory
from tickets import services as tickets
from tickets.models import Tier

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def guard(db):
    week = Week.current()
    t3, t4 = Tier.objects.get(code="T3"), Tier.objects.get(code="T4")
    olga, newt = AgentFactory(username="olga"), AgentFactory(username="newt")
    t3.members.add(olga, newt)
    victor = AgentFactory(username="victor")
    t4.members.add(victor)
    LeadFactory(username="lena")
    for agent, when in ((olga, week.previous), (newt, week)):
        RotaShift.objects.create(rota="t3", agent=agent, starts_at=when.start, ends_at=when.end)
    OnCallShift.objects.create(agent=victor, starts_at=week.start, ends_at=week.end)
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    held = TicketFactory(requester=customer, tier=t3, subject="Payouts doubled", assignee=olga)
    tickets.record_findings(
        held,
        actor=olga,
        findings=tickets.Findings(cause="A retried job.", tried="Replay.", fix="Not yet."),
    )
    issue = knownissues.create_known_issue(actor=olga, title="fixed: payouts run twice.")
    knownissues.verify_issue(issue, actor=victor, fix_path="on_call_hotfix")
    knownissues.schedule_fix(issue, actor=victor, release_date=timezone.localdate())
    TaskFactory(title="Add the VAT column", stage="uat", uat_since=timezone.now())
    OnCallLogEntry.objects.create(
        kind=LogKind.OPEN_LOOP,
        text="Find out why the payout job retried.",
        author=victor,
        created_at=timezone.now() - timedelta(days=7),
    )
    return {"issue": issue, "held": held}


def test_the_guard_page_shows_the_hand_over_and_assigns_an_item(browser, live_server, shot, guard):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/guard/")
    attendees = page.locator('tr[data-rota="t3"]')
    expect(attendees).to_contain_text("newt")
    expect(attendees).to_contain_text("olga")
    expect(page.locator('tr[data-rota="on_call"]')).to_contain_text("victor")
    expect(page.locator("#changes")).to_contain_text("Fixed: payouts run twice")
    expect(page.locator("#changes")).to_contain_text("On-call hotfix")
    expect(page.locator("#changes")).to_contain_text("Add the VAT column")
    handover = page.locator(f"#handover-{guard['held'].pk}")
    expect(handover).to_contain_text("last week's T3")
    expect(handover.get_by_role("link", name="Findings")).to_be_visible()
    shot(page, "guard-01-week")
    page.get_by_label("Assign Open loop Find out why the payout job retried. to").select_option(
        "newt"
    )
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Assigned to newt: they were told.")).to_be_visible()
    expect(page.locator("[data-assignee]")).to_contain_text("assigned to newt")
    shot(page, "guard-02-assigned")
    page.goto(f"{live_server.url}/desk/known-issues/{guard['issue'].pk}/")
    expect(page.locator("[data-verified]")).to_contain_text("Verified by victor")
    shot(page, "guard-03-known-issue-verified")
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_guard_and_rota_pages_pass_axe_and_fit_a_phone(
    browser, live_server, shot, guard, viewport
):
    pages = {
        "guard": "/desk/guard/",
        "rota": "/desk/escalation/rota/",
        "issue": f"/desk/known-issues/{guard['issue'].pk}/",
    }
    failures = []
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "newt")
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            width = "phone" if viewport is PHONE else "desktop"
            shot(page, f"guard-scheme-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)
