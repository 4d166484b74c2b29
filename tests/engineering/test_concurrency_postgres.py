"""Two people move one task at the same instant: one wins, the other gets a conflict."""

import threading

import pytest

from engineering import services as task_services
from engineering.models import Task, TaskTransitionLog
from engineering.states import CanceledBy, Stage
from helpdesk.core.errors import Conflict
from tests.engineering.factories import ready_task
from tests.factories import AgentFactory
from tests.support.race import in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(task_id, moves):
    """Each (agent, transition, kwargs) in its own thread and connection, released together,
    each sending the stage its page showed."""
    barrier = threading.Barrier(len(moves))

    def move(agent, name, kwargs):
        def go():
            seen = Task.objects.get(pk=task_id)
            barrier.wait(timeout=10)
            task_services.transition_task(
                seen, actor=agent, name=name, expected_stage=seen.stage, **kwargs
            )
            return "ok"

        return go

    return in_threads(*(move(*each) for each in moves))


@pytest.mark.parametrize(
    "second",
    [("start_development", {}), ("cancel", {"canceled_by": CanceledBy.CUSTOMER})],
)
def test_one_move_wins_and_the_other_is_told_the_task_moved(second):
    task = ready_task()
    alice, bob = AgentFactory(), AgentFactory()

    outcomes = _race(task.pk, [(alice, "start_development", {}), (bob, *second)])

    assert sorted(outcome == "ok" for outcome in outcomes) == [False, True]
    loser = next(outcome for outcome in outcomes if outcome != "ok")
    assert isinstance(loser, Conflict), outcomes
    assert loser.status == 409
    task.refresh_from_db()
    assert task.stage != Stage.REQUIREMENTS
    log = TaskTransitionLog.objects.get(task=task)  # exactly one move was applied
    assert (log.from_stage, log.to_stage) == (Stage.REQUIREMENTS, task.stage)
