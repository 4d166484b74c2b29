"""The task rule "moving out of Development warns when no time was logged", with the real
timesheets app answering how much time was logged (tests/engineering stubs that answer)."""

import pytest

from engineering import services as task_services
from engineering.services import NO_TIME_WARNING
from engineering.states import Stage
from tests.engineering.factories import task_in, tick_checklist
from timesheets import services as timesheets

pytestmark = pytest.mark.django_db


def test_leaving_development_without_time_logged_warns(agent):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    outcome = task_services.transition_task(
        task, actor=agent, name="send_to_uat", comment="Try the export."
    )
    assert (outcome.task.stage, outcome.warnings) == (Stage.UAT, [NO_TIME_WARNING])


def test_leaving_development_with_time_logged_on_the_task_does_not_warn(agent):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    timesheets.log_time(actor=agent, task=task, minutes=40, activity="sample_code")
    outcome = task_services.transition_task(
        task, actor=agent, name="send_to_uat", comment="Try the export."
    )
    assert (outcome.task.stage, outcome.warnings) == (Stage.UAT, [])
