"""Escalation under concurrency, on PostgreSQL: two agents escalate one ticket at once (one
wins, the other gets a 409); an agent acknowledging while the page sweep runs neither deadlocks
nor gets paged; two sweeps at once page each person once; two leads confirming one held
escalation to On-Call at once: one wins."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from threading import Event

import pytest
import time_machine
from django.db import transaction

from escalation import services
from escalation.errors import NoAwaitingRequest
from escalation.models import Escalation, OnCallAlert, OnCallRequest
from escalation.states import AlertState, RequestState
from escalation.sweeps import run_on_call_chain
from helpdesk.core.errors import Conflict
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tests.support.race import at_once, in_threads, raised, returned
from tickets import services as tickets
from tickets.models import Ticket, Tier

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
T0 = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)


@pytest.fixture
def world():
    triage, t2 = AgentFactory(username="trix"), AgentFactory(username="tara")
    ticket = tickets.submit_ticket(
        actor=CustomerFactory(), subject="Down", description="d", category="urgent_issue"
    )
    tickets.move_to_tier(ticket, actor=triage, tier=Tier.objects.get(code="T2"))
    return {"ticket": Ticket.objects.get(pk=ticket.pk), "t2": t2, "lead": AgentFactory()}


def test_two_escalations_at_once_one_wins_the_other_is_a_conflict(world):
    ticket = world["ticket"]

    def escalate(actor, target):
        return lambda: services.escalate_up(
            ticket,
            actor=actor,
            target_tier=target,
            questions=["Q?"],
            customer_message="m",
            expected_tier="T2",
        )

    outcomes = at_once(escalate(world["t2"], "T3"), escalate(world["lead"], "T4"))

    winners = [o for o in returned(outcomes) if isinstance(o, Escalation)]
    losers = raised(outcomes, Conflict)
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert Escalation.objects.count() == 1
    assert Ticket.objects.get(pk=ticket.pk).tier == winners[0].to_tier
    assert losers[0].details == {"current_tier": winners[0].to_tier.code}


def test_acknowledging_while_the_sweep_runs_neither_deadlocks_nor_pages(world):
    ticket = world["ticket"]
    with time_machine.travel(T0, tick=False):
        services.escalate_up(
            ticket, actor=world["t2"], target_tier="ONCALL", questions=["Q?"], customer_message="m"
        )
    oncall = AgentFactory(username="oscar")
    holding, swept = Event(), Event()

    def acknowledge():
        with transaction.atomic():
            Ticket.objects.select_for_update().get(pk=ticket.pk)  # the agent's request began
            holding.set()
            swept.wait(timeout=10)
            return services.acknowledge(ticket, actor=oncall)

    def sweep():
        holding.wait(timeout=10)
        try:
            return run_on_call_chain(now=T0 + timedelta(minutes=61))
        finally:
            swept.set()

    outcomes = in_threads(acknowledge, sweep)

    assert isinstance(outcomes[0], OnCallAlert), outcomes
    assert outcomes[1] == 1  # the alert was due and visited, but its ticket was busy: skipped
    alert = OnCallAlert.objects.get()
    assert alert.state == AlertState.ACKNOWLEDGED
    assert run_on_call_chain(now=T0 + timedelta(minutes=120)) == 0
    assert not Notification.objects.filter(kind="oncall_page").exists()


def test_two_sweeps_at_once_page_each_person_once(world):
    ticket = world["ticket"]
    other = tickets.submit_ticket(
        actor=CustomerFactory(), subject="Also down", description="d", category="urgent_issue"
    )
    Tier.objects.get(code="ONCALL").members.add(AgentFactory(username="oscar"))
    with time_machine.travel(T0, tick=False):
        for item in (ticket, other):
            services.escalate_up(
                item,
                actor=world["t2"],
                target_tier="ONCALL",
                questions=["Q?"],
                customer_message="m",
            )

    def sweep():
        return run_on_call_chain(now=T0 + timedelta(minutes=60))

    outcomes = at_once(sweep, sweep)

    assert raised(outcomes) == [], outcomes
    assert sum(outcomes) == 2, outcomes
    pages = Counter(
        Notification.objects.filter(kind="oncall_page").values_list("ticket_number", "recipient")
    )
    assert pages == Counter(
        {(ticket.pk, "oscar@example.com"): 1, (other.pk, "oscar@example.com"): 1}
    )
    assert set(OnCallAlert.objects.values_list("state", flat=True)) == {AlertState.PAGED}


def test_two_leads_confirming_at_once_one_wins_and_on_call_is_paged_once(world):
    """Seed 003-09: an escalation held for a lead in working hours; two leads press Confirm at
    the same moment. Exactly one escalation and one alert; the other lead gets a 409."""
    ticket = world["ticket"]
    Tier.objects.get(code="ONCALL").members.add(AgentFactory(username="oscar"))
    tuesday_morning = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    with time_machine.travel(tuesday_morning, tick=False):
        held = services.escalate_up(
            ticket, actor=world["t2"], target_tier="ONCALL", questions=["Q?"], customer_message="m"
        )
    assert isinstance(held, OnCallRequest)
    lena, lars = LeadFactory(username="lena"), LeadFactory(username="lars")

    def confirm(lead):
        return lambda: services.confirm_on_call(ticket, actor=lead, at=tuesday_morning)

    outcomes = at_once(confirm(lena), confirm(lars))

    winners = [o for o in returned(outcomes) if isinstance(o, Escalation)]
    losers = raised(outcomes, NoAwaitingRequest)
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert losers[0].status == 409
    assert Escalation.objects.count() == 1
    assert OnCallAlert.objects.get().state == AlertState.WAITING
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "ONCALL"
    assert Notification.objects.filter(kind="oncall_new").count() == 1
    held.refresh_from_db()
    assert held.state == RequestState.CONFIRMED
    assert held.escalation == winners[0]
