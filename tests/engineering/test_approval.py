"""Seed 000 "Mandatory items": the Process Leader reviews a task (grey Unapproved → green Ready);
an Unapproved task cannot start Development."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from engineering import services as task_services
from engineering.services import TransitionNotAllowed
from engineering.states import KanbanState, Stage
from helpdesk.core.errors import PermissionDenied
from tests.factories import TaskFactory
from tickets.models import Message

pytestmark = pytest.mark.django_db


def _startable(**fields):
    """Billed, estimate approved: only the review is missing."""
    return TaskFactory(billed=True, estimate_hours=2, estimate_approved_at=timezone.now(), **fields)


def test_an_agent_may_not_set_an_unreviewed_task_ready_and_nothing_changes(agent):
    task = _startable()
    with pytest.raises(PermissionDenied) as error:
        task_services.update_task(task, actor=agent, kanban_state=KanbanState.READY, title="New")
    assert error.value.message == (
        f"Task {task.pk} has not been reviewed yet: only a lead (the Process Leader) may set it "
        "Ready."
    )
    title = task.title
    task.refresh_from_db()
    assert (task.kanban_state, task.reviewed_at) == (KanbanState.UNAPPROVED, None)
    assert task.title == title


def test_a_lead_reviews_the_task_ready_with_a_note_on_the_ticket(lead):
    task = _startable()
    task_services.update_task(task, actor=lead, kanban_state=KanbanState.READY)
    task.refresh_from_db()
    assert task.kanban_state == KanbanState.READY
    assert task.reviewed_by == lead
    assert task.reviewed_at is not None
    note = Message.objects.filter(ticket=task.ticket).latest("id")
    assert note.body == f"Task {task.pk} “{task.title}” reviewed: Ready (green)."


def test_blocking_an_unreviewed_task_does_not_let_an_agent_make_it_ready(agent):
    task = _startable()
    task_services.update_task(
        task, actor=agent, kanban_state=KanbanState.BLOCKED, blocked_reason="No URL"
    )
    with pytest.raises(PermissionDenied):
        task_services.update_task(task, actor=agent, kanban_state=KanbanState.READY)
    task.refresh_from_db()
    assert task.kanban_state == KanbanState.BLOCKED


def test_after_the_review_an_agent_may_block_and_clear_the_block(agent, lead):
    task = _startable()
    task_services.update_task(task, actor=lead, kanban_state=KanbanState.READY)
    task_services.update_task(
        task, actor=agent, kanban_state=KanbanState.BLOCKED, blocked_reason="Customer away"
    )
    task_services.update_task(task, actor=agent, kanban_state=KanbanState.READY)
    task.refresh_from_db()
    assert (task.kanban_state, task.reviewed_by) == (KanbanState.READY, lead)


def test_an_unapproved_task_cannot_start_development(agent):
    task = _startable()
    with pytest.raises(TransitionNotAllowed) as error:
        task_services.transition_task(task, actor=agent, name="start_development")
    assert error.value.message == (
        f"Task {task.pk} is still Unapproved (grey): the Process Leader (a lead) reviews it and "
        "sets it Ready before development starts."
    )
    task.refresh_from_db()
    assert task.stage == Stage.REQUIREMENTS
    assert task.transitions.count() == 0


def test_once_a_lead_reviewed_it_the_task_starts_development(agent, lead):
    task = _startable()
    task_services.update_task(task, actor=lead, kanban_state=KanbanState.READY)
    outcome = task_services.transition_task(task, actor=agent, name="start_development")
    assert outcome.task.stage == Stage.DEVELOPMENT


def test_the_api_refuses_an_agents_review_with_403_and_accepts_a_leads(agent, lead):
    task = _startable()
    client = APIClient()
    client.force_authenticate(agent)
    url = f"/api/tasks/{task.pk}/"
    response = client.patch(url, {"kanban_state": "ready"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    task.refresh_from_db()
    assert task.kanban_state == KanbanState.UNAPPROVED
    client.force_authenticate(lead)
    response = client.patch(url, {"kanban_state": "ready"}, format="json")
    assert response.status_code == 200
    assert response.json()["kanban_state"] == "ready"
    assert response.json()["reviewed_by"] == "lena"


def test_the_desk_form_shows_the_refusal_next_to_the_kanban_state(client, agent):
    task = _startable()
    client.force_login(agent)
    response = client.post(
        f"/desk/tasks/{task.pk}/",
        {"title": task.title, "priority": task.priority, "card_colour": task.card_colour,
         "kanban_state": "ready"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "only a lead (the Process Leader) may set it Ready" in (
        " ".join(response.context["form"].errors["kanban_state"])
    )
