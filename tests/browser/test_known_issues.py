"""Known issues in a real browser: an agent finds a known issue from the escalation dialog and
fills escalate-down with it; the lead sees the signal, resolves the issue and sends the bulk
answer after a preview.

Screenshots: ``test-artifacts/screenshots/known-issues-*.png``.
"""

import pytest
from playwright.sync_api import expect

from knownissues import services
from knownissues.models import BulkAnswerDelivery
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets
from tickets.models import Message, Tier
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def world(db):
    theo = AgentFactory(username="theo")
    Tier.objects.get(code="T3").members.add(theo)
    LeadFactory(username="lena")
    customer = CustomerFactory(username="carol")
    issue = services.create_known_issue(
        actor=theo,
        title="Checkout returns 502 for large carts",
        slug="checkout-502",
        description="The payment worker times out for carts over 50 items.",
        status="known_issue",
    )
    linked = []
    for n in range(3):
        ticket = tickets.submit_ticket(
            actor=customer, subject=f"Checkout broken {n}", description="502", category="question"
        )
        services.link_ticket(issue, ticket, actor=theo)
        linked.append(ticket)
    fresh = tickets.submit_ticket(
        actor=customer, subject="Checkout 502 again", description="502", category="question"
    )
    tickets.move_to_tier(fresh, actor=theo, tier=Tier.objects.get(code="T3"))
    return {"issue": issue, "linked": linked, "fresh": fresh}


def test_escalation_dialog_finds_the_known_issue_and_fills_escalate_down(
    browser, live_server, world, shot
):
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "theo")
    fresh, issue = world["fresh"], world["issue"]

    page.goto(f"{live_server.url}/desk/tickets/{fresh.pk}/escalate/")
    page.get_by_label("Search known issues").fill("checkout")
    result = page.locator(f'[data-issue="{issue.pk}"]')
    expect(result).to_be_visible()
    result.get_by_role("button", name="Use in escalate down").click()

    expect(page.locator("#down_known_issue")).to_have_value(issue.tag_name)
    expect(page.locator('input[name="outcome"][value="known_issue"]')).to_be_checked()
    shot(page, "known-issues-escalation-search")
    assert_accessible(page)

    result.get_by_role("button", name=f"Link #{fresh.pk} instead of escalating").click()
    expect(page.locator("[data-known-issues-panel]")).to_contain_text(issue.tag_name)
    assert list(issue.tickets.order_by("pk")) == [*world["linked"], fresh]
    shot(page, "known-issues-ticket-panel")


def test_lead_resolves_and_sends_the_bulk_answer(browser, live_server, world, shot):
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "lena")
    issue = world["issue"]

    page.goto(f"{live_server.url}/desk/known-issues/")
    shot(page, "known-issues-list")
    assert_accessible(page)
    page.get_by_role("link", name=issue.tag_name).click()
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("#messages")).to_contain_text("Resolved.")
    page.get_by_label("Answer to every linked ticket").fill("The checkout error is **fixed**.")
    page.get_by_label("Resolve the tickets too").check()
    shot(page, "known-issues-detail")
    assert_accessible(page)
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("[data-preview] strong")).to_have_text("fixed")
    expect(page.locator(".ki-recipients li")).to_have_count(3)
    shot(page, "known-issues-bulk-preview")
    assert_accessible(page)
    page.get_by_role("button", name="Send to 3 tickets").click()
    page.get_by_role("button", name="Send the rest now (3)").click()
    expect(page.locator("[data-state]")).to_have_text("Sent")
    shot(page, "known-issues-bulk-sent")

    assert BulkAnswerDelivery.objects.count() == 3
    for ticket in world["linked"]:
        assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).count() == 1
