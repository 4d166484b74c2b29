"""The desk's organization pages: what they render, what a POST writes, flat query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, TicketFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import DeepDiveVersion, OrganizationProfile, Ticket


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Acme Hotels", slug="acme")


@pytest.fixture
def web(agent):
    client = Client()
    client.force_login(agent)
    return client


def _fill(org, agent, n: int) -> None:
    customer = CustomerFactory(customer_profile__organization=org)
    for i in range(n):
        TicketFactory(requester=customer, subject=f"Ticket {i}")
        services.edit_profile(org, actor=agent, values={"versions": f"Core 4.{i}"})
        services.save_deep_dive(org, actor=agent, body=f"Deep Dive {i}")
        services.add_document(
            org, actor=agent, upload=SimpleUploadedFile(f"doc{i}.pdf", b"%PDF-1.4")
        )


@pytest.mark.parametrize("n", [5, 50])
def test_the_organization_page_costs_the_same_queries_at_5_and_50(
    org, agent, web, django_assert_num_queries, n
):
    _fill(org, agent, n)
    # session, user, groups, the bell's count, the header's timer; the organization with its
    # profile and manager, versions, the current version, documents, changes, tickets;
    # the staff for the manager drop-down
    with django_assert_num_queries(12):
        response = web.get("/desk/organizations/acme/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Version {n}</a> by {agent.username}" in html
    assert f"<p>Deep Dive {n - 1}</p>" in html
    assert html.count('data-document="') == n
    assert html.count('data-ticket="') == min(n, 20)
    assert f"Versions: Core 4.{n - 2} → Core 4.{n - 1}" in html
    assert html.count('data-change="') == min(2 * n, 50)


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_costs_the_same_queries_at_5_and_50(agent, web, django_assert_num_queries, n):
    pam = AgentFactory(username="pam", first_name="Pam", last_name="Beesly")
    for i in range(n):
        org = OrganizationFactory(name=f"Client {i:02}", slug=f"client-{i}")
        TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
        services.edit_profile(org, actor=agent, values={"account_manager": pam})
    # session, user, groups, bell, timer; the count and the page of organizations
    with django_assert_num_queries(7):
        response = web.get("/desk/organizations/")
    html = response.content.decode()
    assert html.count('data-organization="') == min(n, 50)
    assert html.count('<td data-label="Account manager">Pam Beesly</td>') == min(n, 50)
    assert '<td data-label="Open tickets">1</td>' in html


def test_the_list_searches_by_name(org, web):
    OrganizationFactory(name="Globex", slug="globex")
    html = web.get("/desk/organizations/?q=acm").content.decode()
    assert 'data-organization="acme"' in html
    assert 'data-organization="globex"' not in html
    assert "1 organization named like “acm”." in html


def test_an_agent_edits_the_profile_from_the_page(org, web, agent):
    pam = AgentFactory(username="pam")
    response = web.post(
        "/desk/organizations/acme/",
        {
            "repository_url": "https://git.example.com/acme",
            "preferred_contact": "call",
            "account_manager": pam.pk,
            "known_workflows": "- Book a room\n- Pay by card",
        },
    )
    assert response.status_code == 302
    profile = OrganizationProfile.objects.get(organization=org)
    assert (profile.account_manager, profile.preferred_contact) == (pam, "call")
    html = web.get("/desk/organizations/acme/").content.decode()
    assert "Profile saved." in html
    assert "<li>Book a room</li>" in html
    assert "Preferred contact: Email → A call" in html


def test_a_bad_url_shows_the_form_again_and_writes_nothing(org, web):
    before = world()
    response = web.post(
        "/desk/organizations/acme/",
        {"repository_url": "git.example.com", "preferred_contact": "email"},
    )
    assert response.status_code == 400
    assert "Enter a full web address, starting with https://." in response.content.decode()
    assert world() == before


def test_the_deep_dive_editor_records_the_ticket_it_was_opened_from(org, web, agent):
    services.save_deep_dive(org, actor=agent, body="Nightly sync.")
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    page = web.get(f"/desk/organizations/acme/deep-dive/?ticket={ticket.pk}").content.decode()
    assert f'You are adding what ticket <a href="/desk/tickets/{ticket.pk}/">' in page
    assert f'name="ticket" value="{ticket.pk}"' in page
    response = web.post(
        "/desk/organizations/acme/deep-dive/",
        {"body": "Nightly sync.\nRestart the bridge first.", "based_on": 1, "ticket": ticket.pk},
    )
    assert response.status_code == 302
    version = DeepDiveVersion.objects.get(organization=org, number=2)
    assert version.ticket == ticket
    diff = web.get("/desk/organizations/acme/deep-dive/changes/?from=1&to=2").content.decode()
    assert "<ins>Restart the bridge first.</ins>" in diff


def test_a_stale_deep_dive_edit_is_refused_with_409(org, web, agent):
    services.save_deep_dive(org, actor=agent, body="v1")
    services.save_deep_dive(org, actor=agent, body="v2", based_on=1)
    before = world()
    response = web.post("/desk/organizations/acme/deep-dive/", {"body": "mine", "based_on": 1})
    assert response.status_code == 409
    assert "Someone saved version 2 of the Deep Dive" in response.content.decode()
    assert world() == before


def test_a_document_is_served_to_staff_only(org, web, agent):
    document = services.add_document(
        org, actor=agent, upload=SimpleUploadedFile("spec.pdf", b"%PDF-1.4 secret")
    )
    url = f"/desk/organizations/acme/documents/{document.pk}/spec.pdf"
    response = web.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Content-Disposition"].startswith("attachment")
    customer = CustomerFactory(customer_profile__organization=org)
    client = Client()
    client.force_login(customer)
    assert client.get(url).status_code == 403


def _ticket_page(web, ticket) -> str:
    return web.get(f"/desk/tickets/{ticket.pk}/").content.decode()


def test_the_ticket_page_panel_shows_the_profile_and_offers_the_deep_dive_once_resolved(
    org, web, agent
):
    pam = AgentFactory(username="pam")
    services.edit_profile(
        org,
        actor=agent,
        values={
            "account_manager": pam,
            "test_site_url": "https://test.acme.example",
            "known_workflows": "Check **checkout**",
        },
    )
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    html = _ticket_page(web, ticket)
    assert 'id="organization-panel"' in html
    assert '<a href="https://test.acme.example" rel="noopener noreferrer">' in html
    assert "<summary>Known workflows: test before a release</summary>" in html
    assert "Update the Deep Dive" not in html  # no Deep Dive yet
    services.save_deep_dive(org, actor=agent, body="How Acme works.")
    assert "Deep Dive (version 1)" in _ticket_page(web, ticket)
    assert "Update the Deep Dive" not in _ticket_page(web, ticket)  # not resolved
    services.transition(ticket, actor=agent, name="resolve")
    html = _ticket_page(web, ticket)
    link = f'href="/desk/organizations/acme/deep-dive/?ticket={ticket.pk}"'
    assert link in html
    assert "Update the Deep Dive with what this ticket taught" in html


def test_a_ticket_filed_through_the_api_goes_to_the_manager_when_the_profile_says_so(org, agent):
    pam = AgentFactory(username="pam")
    services.edit_profile(
        org, actor=agent, values={"account_manager": pam, "assign_new_tickets_to_manager": True}
    )
    customer = CustomerFactory(customer_profile__organization=org)
    api = APIClient()
    api.force_authenticate(customer)
    payload = {"subject": "Export broken", "description": "It fails", "category": "question"}
    response = api.post("/api/tickets/", payload, format="json")
    assert response.status_code == 201
    assert Ticket.objects.get(pk=response.json()["number"]).assignee == pam
