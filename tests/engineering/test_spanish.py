"""Spanish-tagged tasks only go to agents who speak Spanish (seed 000), on every path."""

import pytest

from engineering import services as task_services
from escalation.models import AgentProfile
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tests.engineering.factories import ready_task
from tests.factories import AgentFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_task():
    task = ready_task()
    task.tags.add(TagFactory(name="Spanish"))
    return task


def test_a_non_speaker_cannot_take_a_spanish_task(spanish_task):
    agent = AgentFactory(username="pat")
    with pytest.raises(ValidationFailed) as error:
        task_services.assign_task(spanish_task, actor=agent, assignee=agent)
    assert error.value.message == (
        f"Task {spanish_task.pk} is tagged Spanish: only agents marked as Spanish speakers may "
        "take it, and pat is not."
    )
    spanish_task.refresh_from_db()
    assert spanish_task.assignee is None


def test_a_speaker_takes_it(spanish_task):
    agent = AgentFactory(username="ana")
    AgentProfile.objects.create(user=agent, speaks_spanish=True)
    task_services.assign_task(spanish_task, actor=agent, assignee=agent)
    spanish_task.refresh_from_db()
    assert spanish_task.assignee == agent


def test_tagging_spanish_is_refused_while_a_non_speaker_holds_it():
    agent = AgentFactory(username="pat")
    task = ready_task(assignee=agent)
    with pytest.raises(ValidationFailed):
        task_services.update_task(task, actor=agent, tags=["Spanish"])
    assert list(task.tags.all()) == []


def test_only_a_lead_gives_a_held_task_to_someone_else(lead):
    holder, other = AgentFactory(), AgentFactory()
    task = ready_task(assignee=holder)
    with pytest.raises(PermissionDenied):
        task_services.assign_task(task, actor=other, assignee=other)
    task_services.assign_task(task, actor=lead, assignee=other)
    task.refresh_from_db()
    assert task.assignee == other
