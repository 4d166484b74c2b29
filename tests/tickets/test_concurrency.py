"""Two agents act on one ticket at the same instant: one wins, the other gets a conflict."""

import threading

import pytest

from helpdesk.core.errors import Conflict
from tests.factories import AgentFactory, TicketFactory
from tests.support.race import in_threads
from tickets import services
from tickets.models import Ticket, TransitionLog
from tickets.states import Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _race(ticket_id, moves):
    """Run each (agent, transition) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(moves))

    def move(agent, name):
        def go():
            seen = Ticket.objects.get(pk=ticket_id)  # what the agent's page showed
            barrier.wait(timeout=10)
            services.transition(seen, actor=agent, name=name, expected_status=seen.status)
            return "ok"

        return go

    return in_threads(*(move(agent, name) for agent, name in moves))


@pytest.mark.parametrize(("first", "second"), [("resolve", "resolve"), ("resolve", "set_pending")])
def test_one_transition_wins_and_the_other_conflicts(first, second):
    ticket = TicketFactory()
    alice, bob = AgentFactory(), AgentFactory()

    outcomes = _race(ticket.pk, [(alice, first), (bob, second)])

    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, Conflict), outcomes
    assert loser.status == 409
    assert loser.details["current_status"] != Status.OPEN
    assert TransitionLog.objects.filter(ticket=ticket).count() == 1
    final = Ticket.objects.get(pk=ticket.pk)
    assert final.status == TransitionLog.objects.get(ticket=ticket).to_status
