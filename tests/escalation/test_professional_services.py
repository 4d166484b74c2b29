"""Seed 002: a billable change is handed off to the Professional Services team (seeded by a
migration); the hand-off marks the ticket (tag and internal note) and the team's queue lists it
as a billable change. Other teams mark nothing."""

import pytest
from django.test import Client

from escalation import services
from escalation.models import Team
from tests.factories import AgentFactory, TicketFactory
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def test_the_team_is_seeded():
    team = Team.objects.get(slug="professional-services")
    assert team.name == "Professional Services"


def test_sending_to_professional_services_marks_a_billable_change_listed_on_its_queue():
    agent = AgentFactory(username="tina")
    ticket = TicketFactory(subject="Add a VAT column to the invoice export")

    services.send_to_team(
        ticket, actor=agent, team="professional-services", reason="New report column: quote it."
    )

    assert list(ticket.tags.values_list("name", flat=True)) == ["Billable change"]
    note = ticket.messages.get(kind=MessageKind.INTERNAL_NOTE)
    assert note.body == (
        "Billable change, handed off to Professional Services to quote: New report column: "
        "quote it."
    )
    client = Client()
    client.force_login(agent)
    page = client.get("/desk/teams/professional-services/").content.decode()
    assert "Add a VAT column to the invoice export" in page
    assert "Billable change" in page
    assert "New report column: quote it." in page


def test_other_teams_mark_nothing_billable():
    agent = AgentFactory(username="tina")
    ticket = TicketFactory()

    services.send_to_team(ticket, actor=agent, team="marketing", reason="Partner question.")

    assert ticket.tags.count() == 0
    assert not ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE).exists()
    page = Client()
    page.force_login(agent)
    assert "Billable change" not in page.get("/desk/teams/marketing/").content.decode()
