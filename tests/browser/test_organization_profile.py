"""The organization profile in a real browser: an agent edits the profile and the Deep Dive,
sees the change history and the versions' difference, and finds the panel on the ticket page,
with the offer to update the Deep Dive once the ticket is resolved; the pages pass axe in light
and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/organization-*.png``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory
from tickets import services
from tickets.models import DeepDiveVersion

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    tina = AgentFactory(username="tina")
    AgentFactory(username="pam", first_name="Pam", last_name="Beesly")
    org = OrganizationFactory(name="Acme Hotels", slug="acme")
    carol = CustomerFactory(username="carol", customer_profile__organization=org)
    ticket = services.submit_ticket(
        actor=carol, subject="Rates not syncing", description="Since Monday.", category="question"
    )
    return {"tina": tina, "org": org, "ticket": ticket}


def test_an_agent_edits_the_profile_and_the_deep_dive_and_sees_the_panel(
    page, live_server, world, shot
):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "tina")
    page.goto(f"{live_server.url}/desk/tickets/{world['ticket'].pk}/")
    page.get_by_role("link", name="Acme Hotels").first.click()
    expect(page.get_by_role("heading", name="Acme Hotels", level=1)).to_be_visible()
    page.get_by_text("Edit the profile").click()
    page.get_by_label("Repository link").fill("https://git.example.com/acme")
    page.get_by_label("Test site").fill("https://test.acme.example")
    page.get_by_label("Preferred contact").select_option("call")
    page.locator("#id_account_manager").select_option(label="Pam Beesly (pam)")
    page.get_by_label("Known workflows").fill("- Book a room\n- Pay by card")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    history = page.locator("#history")
    expect(history).to_contain_text("Preferred contact: Email → A call")
    expect(history).to_contain_text("Account manager: (empty) → pam")

    page.get_by_role("link", name="Write the Deep Dive").click()
    page.get_by_label("Deep Dive").fill("# Acme\n\nRates sync nightly.")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.get_by_text("Deep Dive saved as version 1.")).to_be_visible()
    shot(page, "organization-page")

    services.transition(world["ticket"], actor=world["tina"], name="resolve")
    page.goto(f"{live_server.url}/desk/tickets/{world['ticket'].pk}/")
    panel = page.locator("#organization-panel")
    expect(panel).to_contain_text("A call")
    expect(panel.get_by_role("link", name="https://test.acme.example")).to_be_visible()
    panel.get_by_text("Known workflows: test before a release").click()
    expect(panel.get_by_text("Pay by card")).to_be_visible()
    shot(page, "organization-ticket-panel")
    panel.get_by_role("link", name="Update the Deep Dive with what this ticket taught").click()
    expect(page.locator("#learned-from")).to_contain_text("Rates not syncing")
    page.get_by_label("Deep Dive").fill("# Acme\n\nRates sync hourly.\nRestart the bridge first.")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.get_by_text("Deep Dive saved as version 2.")).to_be_visible()
    assert DeepDiveVersion.objects.get(number=2).ticket_id == world["ticket"].pk
    page.get_by_role("link", name="Changes from version 1").click()
    expect(page.locator("ins", has_text="Restart the bridge first.")).to_be_visible()
    shot(page, "organization-diff")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_organization_pages_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, world, shot, width
):
    tina, org = world["tina"], world["org"]
    services.edit_profile(
        org, actor=tina, values={"known_workflows": "Check checkout", "versions": "Core 4.2"}
    )
    services.save_deep_dive(org, actor=tina, body="# Acme\n\nNightly sync.")
    services.save_deep_dive(org, actor=tina, body="# Acme\n\nHourly sync.", based_on=1)
    viewport = LAPTOP if width == "desktop" else PHONE
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    login(page, live_server, "tina")
    failures = []
    for name, path in [
        ("list", "/desk/organizations/"),
        ("detail", "/desk/organizations/acme/"),
        ("deep-dive", "/desk/organizations/acme/deep-dive/"),
        ("diff", "/desk/organizations/acme/deep-dive/changes/?from=1&to=2"),
        ("version", "/desk/organizations/acme/deep-dive/1/"),
        ("ticket", f"/desk/tickets/{world['ticket'].pk}/"),
    ]:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            shot(page, f"organization-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if width == "phone" and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    context.close()
    assert not failures, "\n\n".join(failures)
