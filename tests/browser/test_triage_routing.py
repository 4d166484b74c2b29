"""Triage routes a brand-new ticket in a real browser (seed 003: "assign a T1 if there is not a
backlog, adjust priority level"): from the ticket page's Route button, to T1 and a T1 agent,
priority High, with an internal note; the ticket is then T1's, Open, with its clock running,
and the customer's portal says someone is working on it. The page passes axe in light and dark
mode and fits a 390 px phone.

Screenshots: ``test-artifacts/screenshots/triage-*.png``.
"""

import pytest
from playwright.sync_api import expect

from escalation.models import Team
from escalation.services import send_to_team, set_topics
from sla.models import SlaClock
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory
from tickets import services as tickets
from tickets.models import Ticket, Tier

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ticket(db):
    triage, t1 = AgentFactory(username="trix"), AgentFactory(username="tom")
    Tier.objects.get(code="TRIAGE").members.add(triage)
    Tier.objects.get(code="T1").members.add(t1)
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    return tickets.submit_ticket(
        actor=customer,
        subject="How do I export my invoices?",
        description="I cannot find the export button.",
        category="question",
    )


def test_triage_routes_a_new_ticket_to_a_t1_agent(browser, live_server, shot, ticket):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "trix")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.get_by_role("link", name="Route", exact=True).click()
    expect(page.get_by_role("heading", name="Give it to a tier and an agent")).to_be_visible()
    page.get_by_label("Tier (optional)").select_option("T1")
    page.get_by_label("Agent (optional)").select_option("tom")
    page.get_by_label("Priority (optional)").select_option("high")
    page.get_by_label("Internal note (optional)").fill("How-to question: T1 can answer it.")
    shot(page, "triage-01-route-form")
    page.get_by_role("button", name="Route the ticket").click()

    expect(page.get_by_text("moved to T1, given to tom")).to_be_visible()
    expect(page.locator("#ticket-facts")).to_contain_text("High priority")
    expect(page.locator("#ticket-facts")).to_contain_text("Tier T1")
    expect(page.get_by_text("How-to question: T1 can answer it.")).to_be_visible()
    shot(page, "triage-02-routed-ticket")
    context.close()

    routed = Ticket.objects.get(pk=ticket.pk)
    assert (routed.tier.code, routed.assignee.username, routed.status) == ("T1", "tom", "open")
    assert SlaClock.objects.get(ticket=routed, tier__code="T1").state == "running"

    # The customer sees no internal note, and hears that someone is working on it.
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "carol")
    page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    expect(page.get_by_text("How do I export my invoices?").first).to_be_visible()
    assert "How-to question" not in page.content()
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_routing_pages_pass_axe_and_fit_a_phone(browser, live_server, shot, ticket, viewport):
    """The route page, the merge page, the teams' queues and the Experts list (issue 16)."""
    set_topics(Tier.objects.get(code="T1").members.get(), "Invoicing, exports")
    send_to_team(ticket, actor=ticket.tier.members.get(), team="engagement", triggers=["churn"])
    pages = {
        "route": f"/desk/tickets/{ticket.pk}/route/",
        "merge": f"/desk/tickets/{ticket.pk}/merge/",
        "teams": "/desk/teams/",
        "team": "/desk/teams/engagement/",
        "experts": "/desk/experts/?q=invoic",
    }
    failures = []
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "trix")
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            width = "phone" if viewport is PHONE else "desktop"
            shot(page, f"triage-scheme-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)


def test_an_agent_sends_a_ticket_to_engagement_and_the_team_takes_it_from_its_queue(
    browser, live_server, shot, ticket
):
    """Seed 003: a customer threatens to leave; Triage sends the ticket to Engagement with the
    situation ticked, and an Engagement member finds it in the team's queue with the reason."""
    ella = AgentFactory(username="ella")
    Team.objects.get(slug="engagement").members.add(ella)
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "trix")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/team/")
    page.get_by_label("Team", exact=True).select_option("engagement")
    page.get_by_label("They mention or threaten closing their account").check()
    page.get_by_label("Why the team needs it").fill("Third export question this month.")
    page.get_by_role("button", name="Send to the team").click()
    expect(page.get_by_text("Engagement").first).to_be_visible()
    context.close()

    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "ella")
    page.goto(f"{live_server.url}/desk/teams/")
    page.get_by_role("link", name="Engagement", exact=False).first.click()
    expect(page.get_by_text("You are on this team")).to_be_visible()
    row = page.locator("tr", has_text="How do I export my invoices?")
    expect(row).to_contain_text("They mention or threaten closing their account")
    expect(row).to_contain_text("Third export question this month.")
    expect(row).to_contain_text("by trix")
    shot(page, "triage-03-engagement-queue")
    assert_accessible(page)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="How do I export my invoices?")).to_be_visible()
    context.close()
