import pytest

from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TicketFactory
from tickets import services as tickets
from tickets.models import Tier


@pytest.fixture
def tier_lead(db):
    lead = LeadFactory(username="tierlead", first_name="Tess")
    tier = Tier.objects.get(slug="triage")
    tier.lead = lead
    tier.save(update_fields=["lead"])
    return lead


@pytest.fixture
def resolved(db):
    """``resolved(**ticket_fields)``: a ticket assigned to an agent and resolved by them through
    the tickets services (so the survey is opened the way production opens it)."""

    def make(agent=None, **fields):
        agent = agent or AgentFactory()
        fields.setdefault("requester", CustomerFactory())
        ticket = TicketFactory(assignee=agent, **fields)
        return tickets.transition(ticket, actor=agent, name="resolve")

    return make
