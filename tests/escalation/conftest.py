"""Escalation test fixtures: the seeded tiers by code, agents per tier, a submitted ticket."""

import pytest

from escalation.models import AgentProfile
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets
from tickets.models import Tier


@pytest.fixture
def tier(db):
    """``tier("T2")``: a seeded tier by code."""
    return lambda code: Tier.objects.get(code=code)


@pytest.fixture
def staff(db, tier):
    """One agent per tier (member of it), a lead, and a customer."""
    people = {}
    for code in ["TRIAGE", "T1", "T2", "T3", "T4", "ONCALL"]:
        user = AgentFactory(username=code.lower())
        tier(code).members.add(user)
        people[code] = user
    people["lead"] = LeadFactory(username="lena")
    people["customer"] = CustomerFactory(username="carol")
    return people


@pytest.fixture
def submit(staff):
    def make(subject="Checkout fails", **fields):
        fields.setdefault("category", "issue_with_error")
        return tickets.submit_ticket(
            actor=staff["customer"], subject=subject, description="It fails.", **fields
        )

    return make


@pytest.fixture
def in_tier(submit, staff, tier):
    """``in_tier("T2")``: a fresh ticket moved into that tier (customer had the last word)."""

    def make(code, **fields):
        ticket = submit(**fields)
        if code != "TRIAGE":
            tickets.move_to_tier(ticket, actor=staff["TRIAGE"], tier=tier(code))
        ticket.refresh_from_db()
        return ticket

    return make


def speaker(user, *, spanish=True, **fields):
    AgentProfile.objects.update_or_create(user=user, defaults={"speaks_spanish": spanish, **fields})
    return user
