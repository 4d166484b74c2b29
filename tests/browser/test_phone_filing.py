"""A customer calls (issue 14): the agent finds them by typing "acme" (the drop-down never lists
every customer), files the ticket for them; a caller with no account is added as a new contact
of their organization right there and filed for. Also without JavaScript; axe in light and dark
mode, on a laptop and at 390 px.

Screenshots: ``test-artifacts/screenshots/phone-filing-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory
from tickets.models import CustomerProfile, Ticket

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def as_agent(browser, live_server):
    contexts = []

    def open_page(viewport=LAPTOP, color_scheme="light", java_script_enabled=True):
        context = browser.new_context(
            viewport=viewport, color_scheme=color_scheme, java_script_enabled=java_script_enabled
        )
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, "triage")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def callers(db):
    AgentFactory(username="triage")
    acme = OrganizationFactory(name="Acme Shoes", slug="acme-shoes")
    globex = OrganizationFactory(name="Globex", slug="globex")
    carol = CustomerFactory(
        username="carol",
        first_name="Carol",
        last_name="Cruz",
        email="carol@acme.example",
        customer_profile__organization=acme,
    )
    for n in range(24):
        CustomerFactory(username=f"acme{n:02d}", customer_profile__organization=acme)
    for n in range(30):
        CustomerFactory(username=f"globex{n:02d}", customer_profile__organization=globex)
    return {"carol": carol, "acme": acme, "globex": globex}


def _fill_ticket(page, subject: str) -> None:
    page.get_by_label("How did they ask?").select_option("phone")
    page.get_by_label("Server Issue").check()
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Description").fill("Called in: the import has not run since Monday.")


def test_the_agent_searches_acme_picks_the_caller_and_files(as_agent, live_server, shot, callers):
    page = as_agent()
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("link", name="File a ticket for a customer").click()
    count = page.locator("#customer-count")
    customer = page.get_by_label("Customer", exact=True)
    expect(count).to_have_text("Showing 20 of 55 customers: search to find the others.")
    expect(customer.locator("option")).to_have_count(21)  # "Choose the customer" and twenty

    page.get_by_label("Find the customer").fill("acme")  # htmx swaps the drop-down as one types
    expect(count).to_have_text(
        "Showing 20 of 25 customers matching “acme”: add a word to narrow it down."
    )
    expect(customer.locator("option").nth(1)).to_have_text(re.compile(r"\(acme00, Acme Shoes\)"))
    page.get_by_label("Find the customer").fill("acme carol")
    expect(count).to_have_text("1 customer matches “acme carol”.")
    customer.select_option(label="Carol Cruz (carol, Acme Shoes)")
    _fill_ticket(page, "Nightly import stopped")
    assert_accessible(page)
    shot(page, "phone-filing-01-found")
    page.get_by_role("button", name="File the ticket").click()

    ticket = Ticket.objects.get(subject="Nightly import stopped")
    expect(page).to_have_url(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.get_by_text("filed for carol")).to_be_visible()
    expect(page.locator(".kind-label", has_text="Original request").locator("..")).to_contain_text(
        "filed by triage on behalf of carol (phone)"
    )
    assert (ticket.requester, ticket.filed_by.username) == (callers["carol"], "triage")
    shot(page, "phone-filing-02-filed")


def test_the_search_works_without_javascript(as_agent, live_server, shot, callers):
    page = as_agent(java_script_enabled=False)
    page.goto(f"{live_server.url}/desk/tickets/new/")

    page.get_by_label("Find the customer").fill("globex1")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"customer_q=globex1"))
    expect(page.locator("#customer-count")).to_have_text("10 customers match “globex1”.")
    options = page.get_by_label("Customer", exact=True).locator("option")
    expect(options).to_have_count(11)
    expect(options.nth(1)).to_have_text(re.compile(r"\(globex10, Globex\)"))
    shot(page, "phone-filing-03-no-javascript")


def test_a_new_caller_becomes_a_contact_and_is_filed_for(as_agent, live_server, shot, callers):
    page = as_agent()
    page.goto(f"{live_server.url}/desk/tickets/new/")
    page.get_by_label("Find the customer").fill("jane roe")
    expect(page.locator("#customer-count")).to_have_text(
        "No customer matches “jane roe”. Check the spelling, or add them as a new contact."
    )

    page.get_by_text("Not found? Add the caller as a new contact").click()
    page.get_by_label("Name", exact=True).fill("Jane Roe")
    page.get_by_label("Email address").fill("carol@acme.example")  # already a customer
    page.get_by_label("Organization").select_option(label="Acme Shoes")
    page.get_by_role("button", name="Add the contact").click()
    expect(page.locator("#field-contact_email .is-danger")).to_have_text(
        "carol@acme.example already has an account; search for it to find them."
    )
    assert_accessible(page)
    shot(page, "phone-filing-04-contact-exists")

    page.get_by_label("Email address").fill("jane.roe@acme.example")
    page.get_by_role("button", name="Add the contact").click()
    expect(page.locator("#messages")).to_contain_text(
        "Jane Roe (jane.roe@acme.example) is a new contact of Acme Shoes, chosen below."
    )
    jane = CustomerProfile.objects.get(user__email="jane.roe@acme.example").user
    expect(page.get_by_label("Customer", exact=True)).to_have_value(str(jane.pk))
    _fill_ticket(page, "Cannot sign in to the shop admin")
    assert_accessible(page)
    shot(page, "phone-filing-05-contact-chosen")
    page.get_by_role("button", name="File the ticket").click()

    ticket = Ticket.objects.get(subject="Cannot sign in to the shop admin")
    expect(page).to_have_url(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    assert (ticket.requester.email, ticket.organization, ticket.filed_via) == (
        "jane.roe@acme.example",
        callers["acme"],
        "phone",
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_the_filing_page_reads_well(as_agent, live_server, shot, callers, scheme, name, viewport):
    page = as_agent(viewport=viewport, color_scheme=scheme)
    page.goto(f"{live_server.url}/desk/tickets/new/?customer_q=acme")
    page.get_by_text("Not found? Add the caller as a new contact").click()

    expect(page.locator("#customer-count")).to_contain_text("Showing 20 of 25 customers")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    shot(page, f"phone-filing-06-{name}-{scheme}")
