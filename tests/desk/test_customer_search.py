"""Filing for a caller (issue 14): the agent finds the customer by name, email or organization
(never a drop-down of every customer), or adds the caller as a new contact, then files."""

import re

import pytest
from django.test import Client

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory
from tests.support.snapshots import world
from tickets import selectors
from tickets.models import CustomerProfile, Ticket

pytestmark = pytest.mark.django_db

FORM = {
    "category": "server_issue",
    "subject": "Nightly import stopped",
    "description": "Called in: the import has not run since Monday.",
}
OPTION = re.compile(r'<option value="(\d+)"')


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _offered(html: str) -> list[int]:
    start = html.index('name="requester"')
    select = html[start : html.index("</select>", start)]
    return [int(pk) for pk in OPTION.findall(select)]


@pytest.fixture
def people():
    acme = OrganizationFactory(name="Acme Shoes", slug="acme-shoes")
    globex = OrganizationFactory(name="Globex", slug="globex")
    return {
        "carol": CustomerFactory(
            username="carol", first_name="Carol", last_name="Cruz", email="carol@acme.example",
            customer_profile__organization=acme,
        ),
        "dan": CustomerFactory(
            username="dan", first_name="Dan", last_name="Doe", email="dan@acme.example",
            customer_profile__organization=acme,
        ),
        "gina": CustomerFactory(
            username="gina", first_name="Gina", last_name="Acmeson", email="gina@globex.example",
            customer_profile__organization=globex,
        ),
        "hank": CustomerFactory(
            username="hank", first_name="Hank", last_name="Hill", email="hank@globex.example",
            customer_profile__organization=globex,
        ),
        "gone": CustomerFactory(
            username="gone", first_name="Acme", last_name="Leaver", is_active=False,
            customer_profile__organization=acme,
        ),
    }  # fmt: skip


# --- the selector ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("acme", ["carol", "dan", "gina"]),  # organization, email, last name; never inactive
        ("ACME shoes", ["carol", "dan"]),  # the organization's name, any case
        ("carol", ["carol"]),
        ("Dan Doe", ["dan"]),  # every word, in any of the name fields
        ("hank@globex", ["hank"]),
        ("globex", ["gina", "hank"]),
        ("nobody", []),
        ("", ["carol", "dan", "gina", "hank"]),  # by organization, then username
    ],
)
def test_customers_are_found_by_name_email_or_organization(
    people, agent, query, expected, django_assert_num_queries
):
    with django_assert_num_queries(1):
        matches = selectors.customers_matching(query)
        names = [user.username for user in matches.customers]
        organizations = {user.customer_profile.organization.name for user in matches.customers}

    assert (names, matches.total, matches.more) == (expected, len(expected), False)
    assert organizations <= {"Acme Shoes", "Globex"}
    assert agent.username not in names


@pytest.mark.parametrize("count", [5, 50])
def test_the_search_is_one_query_and_shows_at_most_twenty(count, django_assert_num_queries):
    acme = OrganizationFactory(name="Acme Shoes")
    CustomerFactory.create_batch(count, customer_profile__organization=acme)

    with django_assert_num_queries(1):
        matches = selectors.customers_matching("acme")
        shown = [user.customer_profile.organization.name for user in matches.customers]

    assert (len(shown), matches.total, matches.more) == (min(count, 20), count, count > 20)
    assert set(shown) == {"Acme Shoes"}


# --- the page -------------------------------------------------------------------------------


def test_searching_without_javascript_lists_only_the_matches(people, agent):
    page = _desk(agent).get("/desk/tickets/new/", {"customer_q": "acme"}).content.decode()

    assert _offered(page) == [people["carol"].pk, people["dan"].pk, people["gina"].pk]
    assert '<p id="customer-count" class="customer-count mb-4" role="status">3 customers ' in page
    assert "3 customers match “acme”." in page
    assert 'value="acme"' in page
    assert "Carol Cruz (carol, Acme Shoes)" in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_form_lists_twenty_customers_at_most_in_the_same_queries(
    agent, count, django_assert_num_queries
):
    acme = OrganizationFactory(name="Acme Shoes")
    CustomerFactory.create_batch(count, customer_profile__organization=acme)
    client = _desk(agent)
    client.get("/desk/tickets/new/")  # warm up: the session, the content types

    # session, user, groups; the customers and their count (one query); the bell; the new
    # contact's organizations
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(7):
        page = client.get("/desk/tickets/new/").content.decode()

    assert len(_offered(page)) == min(count, 20)
    sentence = (
        "Showing 20 of 50 customers: search to find the others."
        if count == 50
        else "All 5 customers."
    )
    assert sentence in page


def test_one_word_too_many_says_nothing_matches(people, agent):
    page = _desk(agent).get("/desk/tickets/new/", {"customer_q": "carol globex"}).content
    assert _offered(page.decode()) == []
    assert (
        "No customer matches “carol globex”. Check the spelling, or add them as a new contact."
    ) in page.decode()


def test_the_htmx_search_swaps_the_drop_down_and_the_count(people, agent):
    response = _desk(agent).get(
        "/desk/tickets/new/customers/",
        {"customer_q": "globex"},
        headers={"HX-Request": "true", "HX-Target": "customer-choice"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="customer-choice">' in html
    assert _offered(html) == [people["gina"].pk, people["hank"].pk]
    assert (
        '<p id="customer-count" class="customer-count mb-4" role="status" hx-swap-oob="true">'
        "2 customers match “globex”.</p>"
    ) in html
    assert "<html" not in html


def test_a_customer_the_search_did_not_list_is_still_accepted(people, agent):
    response = _desk(agent).post(
        "/desk/tickets/new/?customer_q=globex", {**FORM, "requester": people["carol"].pk}
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.requester == people["carol"]


def test_a_refused_filing_keeps_the_chosen_customer_selected(people, agent):
    response = _desk(agent).post(
        "/desk/tickets/new/?customer_q=globex",
        {**FORM, "subject": "", "requester": people["carol"].pk},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert _offered(html) == [people["carol"].pk, people["gina"].pk, people["hank"].pk]
    assert f'<option value="{people["carol"].pk}" selected>' in html
    assert not Ticket.objects.exists()


def test_an_inactive_customer_or_an_agent_is_refused(people, agent):
    for requester in (people["gone"], AgentFactory()):
        response = _desk(agent).post("/desk/tickets/new/", {**FORM, "requester": requester.pk})
        assert response.status_code == 400
        assert "Choose one of the customers offered: search for them above." in (
            response.content.decode()
        )
    assert not Ticket.objects.exists()


# --- a new contact --------------------------------------------------------------------------


def test_a_new_contact_is_added_chosen_and_filed_for(people, agent):
    acme = people["carol"].customer_profile.organization
    client = _desk(agent)

    added = client.post(
        "/desk/tickets/new/contact/",
        {"name": "  Jane   Roe ", "email": "Jane.Roe@ACME.example", "organization": acme.pk},
    )

    jane = CustomerProfile.objects.get(user__email="Jane.Roe@acme.example").user
    assert added.status_code == 302
    assert added["Location"] == f"/desk/tickets/new/?customer={jane.pk}"
    assert (jane.first_name, jane.last_name, jane.username) == (
        "Jane",
        "Roe",
        "Jane.Roe@acme.example",
    )
    assert jane.customer_profile.organization == acme
    assert not jane.has_usable_password()
    assert not Notification.objects.exists()  # no invitation
    page = client.get(added["Location"]).content.decode()
    assert f'<option value="{jane.pk}" selected>Jane Roe (Jane.Roe@acme.example, Acme Shoes)' in (
        page
    )
    assert (
        "Jane Roe (Jane.Roe@acme.example) is a new contact of Acme Shoes, chosen below. They get "
        "the ticket&#x27;s emails; invite them when they need the portal."
    ) in page

    client.post("/desk/tickets/new/", {**FORM, "requester": jane.pk, "filed_via": "phone"})

    ticket = Ticket.objects.get()
    assert (ticket.requester, ticket.filed_by, ticket.filed_via) == (jane, agent, "phone")
    assert "filed by tina on behalf of Jane.Roe@acme.example (phone)" in (
        client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    )


def test_a_contact_with_a_known_email_is_refused_on_the_form_and_nothing_changes(people, agent):
    acme = people["carol"].customer_profile.organization
    before = world()

    response = _desk(agent).post(
        "/desk/tickets/new/contact/",
        {"name": "Carol Again", "email": "CAROL@acme.example", "organization": acme.pk},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert (
        '<p class="help is-danger" role="alert">CAROL@acme.example already has an account; '
        "search for it to find them.</p>"
    ) in html
    assert '<details class="new-contact" open>' in html
    assert 'value="Carol Again"' in html
    assert world() == before


def test_a_contact_needs_a_name_an_email_and_an_organization(agent):
    before = world()

    response = _desk(agent).post("/desk/tickets/new/contact/", {"email": "not an email"})

    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Write the caller&#x27;s name.",
        "Enter a valid email address.",
        "Choose the caller&#x27;s organization.",
    ):
        assert message in html
    assert world() == before
