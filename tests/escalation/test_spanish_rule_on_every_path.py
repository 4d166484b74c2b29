"""The Spanish rule holds whichever door an assignment comes through: desk, API or service."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from escalation.models import AgentProfile
from helpdesk.core.errors import ValidationFailed
from tests.factories import AgentFactory, LeadFactory, TagFactory, TicketFactory
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_ticket(db):
    ticket = TicketFactory()
    ticket.tags.add(TagFactory(name="Spanish"))
    return ticket


def test_taking_a_spanish_ticket_needs_a_spanish_speaker(spanish_ticket):
    agent = AgentFactory()
    with pytest.raises(ValidationFailed, match="Spanish"):
        services.take(spanish_ticket, actor=agent)
    assert Ticket.objects.get(pk=spanish_ticket.pk).assignee is None

    AgentProfile.objects.create(user=agent, speaks_spanish=True)
    agent = type(agent).objects.get(pk=agent.pk)  # a fresh request's user
    services.take(spanish_ticket, actor=agent)
    assert Ticket.objects.get(pk=spanish_ticket.pk).assignee == agent


def test_the_api_refuses_with_the_reason(spanish_ticket):
    lead = LeadFactory()
    AgentFactory(username="nohabla")
    client = APIClient()
    client.force_authenticate(lead)
    response = client.post(
        f"/api/tickets/{spanish_ticket.pk}/assign/", {"assignee": "nohabla"}, format="json"
    )
    assert response.status_code == 400
    assert "Spanish" in response.json()["error"]["message"]
    assert Ticket.objects.get(pk=spanish_ticket.pk).assignee is None


def test_the_desk_take_button_refuses_with_a_message(spanish_ticket):
    client = Client()
    client.force_login(AgentFactory())
    response = client.post(f"/desk/tickets/{spanish_ticket.pk}/take/", follow=True)
    assert "Spanish" in response.content.decode()
    assert Ticket.objects.get(pk=spanish_ticket.pk).assignee is None
