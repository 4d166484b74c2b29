"""Customers never see an organization's profile: not on the portal, not in the API, not in
the status feed, not in any email the outbox holds. A unique marker is put in every profile
field, the Deep Dive and a document's name, the customer's whole journey runs (file, reply,
the agent answers, resolves), and the marker is looked for everywhere the customer reads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory
from tickets import services

MARKER = "ZQX-profile-secret-7731"


@pytest.fixture
def journey(db, agent):
    org = OrganizationFactory(name="Acme Hotels", slug="acme")
    pam = AgentFactory(username="pam", email="pam@example.com")
    services.edit_profile(
        org,
        actor=agent,
        values={
            "custom_modules": f"booking-bridge {MARKER}",
            "repository_url": f"https://git.example.com/{MARKER}",
            "test_site_url": f"https://{MARKER.lower()}.example.com",
            "source_location": f"GitLab {MARKER}",
            "versions": f"Core {MARKER}",
            "known_workflows": f"Test checkout {MARKER}",
            "account_manager": pam,
            "assign_new_tickets_to_manager": True,
        },
    )
    services.save_deep_dive(org, actor=agent, body=f"Deep Dive {MARKER}")
    services.add_document(org, actor=agent, upload=SimpleUploadedFile(f"{MARKER}.pdf", b"%PDF-1.4"))
    customer = CustomerFactory(
        username="cust", customer_profile__organization=org, customer_profile__is_manager=True
    )
    ticket = services.submit_ticket(
        actor=customer, subject="Rates", description="Broken", category="question"
    )
    services.customer_reply(ticket, actor=customer, body="More detail")
    services.reply(ticket, actor=pam, body="We are on it.")
    services.transition(ticket, actor=pam, name="resolve")
    return customer, ticket


def test_no_portal_page_shows_the_profile(journey):
    customer, ticket = journey
    client = Client()
    client.force_login(customer)
    for url in ["/portal/", f"/portal/tickets/{ticket.pk}/", "/portal/new/", "/help/", "/status/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url
        assert MARKER.lower() not in response.content.decode(), url
    assert client.get("/desk/organizations/acme/").status_code == 403


def test_no_api_answer_shows_the_profile(journey):
    customer, ticket = journey
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=customer).key}")
    for url in [
        "/api/tickets/",
        f"/api/tickets/{ticket.pk}/",
        f"/api/tickets/{ticket.pk}/messages/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert MARKER not in response.content.decode()
        assert MARKER.lower() not in response.content.decode()
    assert client.get("/api/organizations/acme/profile/").status_code == 404


def test_the_status_feed_and_every_email_leave_the_profile_out(journey):
    customer, _ = journey
    assert MARKER not in Client().get("/status/feed/").content.decode()
    mails = list(Notification.objects.values_list("recipient", "subject", "body_text", "body_html"))
    assert any(recipient == customer.email for recipient, *_ in mails)
    for row in mails:
        text = " ".join(row)
        assert MARKER not in text
        assert MARKER.lower() not in text


def test_staff_do_see_it(journey, agent):
    client = Client()
    client.force_login(agent)
    assert MARKER in client.get("/desk/organizations/acme/").content.decode()
    api = APIClient()
    api.force_authenticate(agent)
    assert api.get("/api/organizations/acme/profile/").json()["known_workflows"] == (
        f"Test checkout {MARKER}"
    )
