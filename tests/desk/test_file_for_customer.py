"""An agent files a ticket on a customer's behalf (a phone call, a consultant's request)."""

import pytest
from django.test import Client

from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, OrganizationFactory
from tickets.models import Ticket
from tickets.states import Priority, Status

pytestmark = pytest.mark.django_db

FORM = {
    "category": "server_issue",
    "subject": "Nightly import stopped",
    "description": "Called in: the import has not run since Monday.",
}


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_ticket_arrives_in_triage_as_if_the_customer_had_filed_it(agent):
    carol = CustomerFactory(
        username="carol", customer_profile__organization=OrganizationFactory(name="Acme")
    )
    client = _desk(agent)
    page = client.get(f"/desk/tickets/new/?customer={carol.pk}").content.decode()
    assert "carol, Acme" in page

    response = client.post("/desk/tickets/new/", {**FORM, "requester": carol.pk}, follow=True)

    ticket = Ticket.objects.get()
    assert response.redirect_chain == [(f"/desk/tickets/{ticket.pk}/", 302)]
    assert f"Ticket #{ticket.pk} filed for carol; they get the confirmation email." in (
        response.content.decode()
    )
    assert (ticket.requester, ticket.organization.name) == (carol, "Acme")
    assert (ticket.status, ticket.priority, ticket.tier.slug) == (
        Status.OPEN,
        Priority.HIGH,
        "triage",
    )
    assert Notification.objects.get(kind="ticket_received").recipient == carol.email


def test_without_a_customer_the_form_comes_back_with_the_error_and_nothing_is_filed(agent):
    response = _desk(agent).post("/desk/tickets/new/", FORM)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the customer this ticket is for." in page
    assert "Nightly import stopped" in page  # what was typed stays
    assert not Ticket.objects.exists()


def test_only_customers_are_offered(agent, lead):
    CustomerFactory(username="carol")
    page = _desk(agent).get("/desk/tickets/new/").content.decode()
    assert "(carol, " in page
    assert f"({lead.get_username()}," not in page
    response = _desk(agent).post("/desk/tickets/new/", {**FORM, "requester": lead.pk})
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_customers_cannot_file_for_others(customer):
    assert _desk(customer).get("/desk/tickets/new/").status_code == 403
