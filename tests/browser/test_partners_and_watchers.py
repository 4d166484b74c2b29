"""Issue 16's remaining rows in a real browser: an agent adds a colleague as a watcher of a
ticket from its Watchers panel (seed 003-55), records a partner's ticket number (003-61), and
reads the partner directory (003-60), searching it. The pages pass axe in light and dark mode
and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/misc-*.png``.
"""

import pytest
from playwright.sync_api import expect

from escalation.models import TicketRouting
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory
from tickets import services as tickets
from tickets.models import Partner, PartnerContact, PartnerTicket, Tier

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setup(db):
    agent = AgentFactory(username="tina")
    AgentFactory(username="mia")
    Tier.objects.get(code="TRIAGE").members.add(agent)
    stripe = Partner.objects.create(name="Stripe", notes="Answers within a day.")
    PartnerContact.objects.create(
        partner=stripe,
        name="Sam Support",
        email="support@stripe.example",
        role="Partner support",
        preferred=True,
    )
    PartnerContact.objects.create(
        partner=stripe, name="Old Contact", email="old@stripe.example", role="Former manager"
    )
    booking = Partner.objects.create(name="Booking")
    PartnerContact.objects.create(
        partner=booking, name="Bea", email="bea@booking.example", role="Connectivity"
    )
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    return tickets.submit_ticket(
        actor=customer,
        subject="Card payments fail at checkout",
        description="Customers see an error when paying.",
        category="issue_with_error",
    )


def test_an_agent_adds_a_watcher_and_records_a_partner_ticket(browser, live_server, shot, setup):
    ticket = setup
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")

    panel = page.locator("[data-watchers-panel]")
    expect(panel).to_contain_text("Nobody watches this ticket.")
    panel.get_by_label("Colleague to add as a watcher").select_option("mia")
    shot(page, "misc-01-watchers-panel")
    panel.get_by_role("button", name="Add watcher").click()
    expect(page.get_by_text("mia now watches this ticket.")).to_be_visible()
    expect(page.locator("[data-watchers-panel]")).to_contain_text("mia")

    partner_panel = page.locator("[data-partner-tickets]")
    partner_panel.get_by_text("Record a partner ticket").click()
    partner_panel.get_by_label("Partner").select_option(label="Stripe")
    partner_panel.get_by_label("Their ticket number").fill("CS-4411")
    partner_panel.get_by_label("Link (optional)").fill("https://support.stripe.example/cases/4411")
    partner_panel.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded Stripe ticket CS-4411.")).to_be_visible()
    expect(page.locator("[data-partner-tickets]")).to_contain_text("Stripe: CS-4411")
    shot(page, "misc-02-watcher-and-partner-ticket")
    context.close()

    followers = TicketRouting.objects.get(ticket=ticket).followers
    assert list(followers.values_list("username", flat=True)) == ["mia"]
    assert PartnerTicket.objects.get().reference == "CS-4411"


def test_the_partner_directory_searches_contacts(browser, live_server, shot, setup):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/partners/")
    expect(page.locator("tr[data-partner]")).to_have_count(2)
    page.get_by_label("Partner, contact or role").fill("connectivity")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tr[data-partner]")).to_have_count(1)
    expect(page.get_by_text("1 partner match “connectivity”.")).to_be_visible()
    shot(page, "misc-03-partner-search")
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
def test_the_pages_pass_axe_and_fit_a_phone(browser, live_server, shot, setup, viewport):
    ticket = setup
    tickets.add_internal_note(ticket, actor=ticket.tier.members.get(), body="@mia can you look?")
    pages = {"partners": "/desk/partners/", "ticket": f"/desk/tickets/{ticket.pk}/"}
    failures = []
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "tina")
    for name, path in pages.items():
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            width = "phone" if viewport is PHONE else "desktop"
            shot(page, f"misc-scheme-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)
