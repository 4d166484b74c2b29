"""The tasks API: list (with the Development queue order), create, detail, transitions."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from engineering.models import Task
from engineering.services import NO_TIME_WARNING
from engineering.states import KanbanState, Stage
from tests.engineering.factories import ready_task, task_in, tick_checklist
from tests.factories import TaskFactory, TicketFactory
from tickets.states import Priority

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_detail_shows_stage_and_available_transitions(agent):
    task = ready_task()
    response = client_for(agent).get(f"/api/tasks/{task.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "requirements"
    assert body["available_transitions"] == [
        {"name": "start_development", "target": "development", "label": "Start development"},
        {"name": "cancel", "target": "canceled", "label": "Cancel"},
    ]


def test_a_guarded_transition_is_missing_from_available_transitions(agent):
    task = TaskFactory()
    body = client_for(agent).get(f"/api/tasks/{task.pk}/").json()
    assert [t["name"] for t in body["available_transitions"]] == ["cancel"]


def test_refused_transition_answers_409_with_the_guards_message(agent):
    task = TaskFactory(
        estimate_hours=2, estimate_approved_at=timezone.now(), kanban_state=KanbanState.READY
    )
    response = client_for(agent).post(
        f"/api/tasks/{task.pk}/transitions/", {"transition": "start_development"}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert error["message"].startswith(f"Task {task.pk} cannot leave Requirements: set the billing")
    assert error["current_stage"] == "requirements"
    assert error["allowed_transitions"] == ["cancel"]
    task.refresh_from_db()
    assert task.stage == Stage.REQUIREMENTS


def test_accepted_transition_answers_the_new_detail(agent):
    task = ready_task()
    response = client_for(agent).post(
        f"/api/tasks/{task.pk}/transitions/",
        {"transition": "start_development", "expected_stage": "requirements"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "development"
    assert body["warnings"] == []
    assert {t["name"] for t in body["available_transitions"]} == {
        "send_to_uat",
        "finish",
        "cancel",
    }


def test_leaving_development_without_time_carries_a_warning(agent, minutes):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    minutes(0)
    response = client_for(agent).post(
        f"/api/tasks/{task.pk}/transitions/",
        {"transition": "send_to_uat", "comment": "Export the March invoices."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "uat"
    assert response.json()["warnings"] == [NO_TIME_WARNING]


def test_stale_expected_stage_is_409(agent):
    task = task_in(Stage.DEVELOPMENT)
    response = client_for(agent).post(
        f"/api/tasks/{task.pk}/transitions/",
        {"transition": "finish", "expected_stage": "requirements"},
        format="json",
    )
    assert response.status_code == 409
    assert "changed while you were looking at it" in response.json()["error"]["message"]


def test_missing_words_are_400(agent):
    task = task_in(Stage.DEVELOPMENT)
    response = client_for(agent).post(
        f"/api/tasks/{task.pk}/transitions/", {"transition": "send_to_uat"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "comment": ["Tell the customer what to test on staging."]
    }


def test_customers_cannot_use_the_tasks_api(customer):
    task = TaskFactory(ticket=TicketFactory(requester=customer))
    client = client_for(customer)
    assert client.get("/api/tasks/").status_code == 403
    assert client.get(f"/api/tasks/{task.pk}/").status_code == 403
    response = client.post(
        f"/api/tasks/{task.pk}/transitions/", {"transition": "cancel"}, format="json"
    )
    assert response.status_code == 403


def test_create_copies_the_ticket_priority_and_its_spanish_tag(agent):
    ticket = TicketFactory(priority=Priority.TOP)
    ticket.tags.create(name="Spanish")
    response = client_for(agent).post(
        "/api/tasks/",
        {"ticket": ticket.pk, "title": "Fix the export", "billing_reference": "SO-1/1"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["stage"], body["priority"], body["card_colour"], body["tags"]) == (
        "requirements",
        "top",
        "priority",
        ["Spanish"],
    )
    assert body["kanban_state"] == "unapproved"


def test_create_refuses_a_non_spanish_speaker_on_a_spanish_task(agent):
    ticket = TicketFactory()
    response = client_for(agent).post(
        "/api/tasks/",
        {"ticket": ticket.pk, "title": "Llamada", "tags": ["Spanish"], "assignee": "tina"},
        format="json",
    )
    assert response.status_code == 400
    assert (
        "only agents marked as Spanish speakers may take it"
        in (response.json()["error"]["message"])
    )
    assert Task.objects.count() == 0


def test_development_queue_is_top_priority_first_then_fifo(agent):
    now = timezone.now()
    old = task_in(Stage.DEVELOPMENT, title="old")
    new = task_in(Stage.DEVELOPMENT, title="new")
    top = task_in(Stage.DEVELOPMENT, title="top", priority=Priority.TOP)
    Task.objects.filter(pk=old.pk).update(planned_at=now - timedelta(days=3))
    Task.objects.filter(pk=new.pk).update(planned_at=now - timedelta(days=1))
    Task.objects.filter(pk=top.pk).update(planned_at=now)
    task_in(Stage.REQUIREMENTS, title="not in the queue")
    response = client_for(agent).get("/api/tasks/?stage=development")
    assert [t["title"] for t in response.json()["results"]] == ["top", "old", "new"]


def test_list_filters_by_tag_and_assignee(agent, lead):
    mine = ready_task(assignee=agent)
    mine.tags.create(name="Technical Call")
    ready_task(assignee=lead)
    client = client_for(agent)
    assert [t["id"] for t in client.get("/api/tasks/?assignee=me").json()["results"]] == [mine.pk]
    tagged = client.get("/api/tasks/?tag=technical call").json()["results"]
    assert [t["id"] for t in tagged] == [mine.pk]


@pytest.mark.parametrize("rows", [5, 50])
def test_list_queries_do_not_grow_with_rows(agent, django_assert_num_queries, rows):
    expected = {}
    for _ in range(rows):
        task = ready_task(assignee=agent)
        tag = task.tags.create(name=f"t{Task.objects.count()}")
        expected[task.pk] = (task.ticket_id, task.title, [tag.name])
    client = client_for(agent)
    # user's groups, count, page, tags of the page
    with django_assert_num_queries(4):
        response = client.get("/api/tasks/")
    assert response.status_code == 200
    shown = response.json()["results"]
    assert {t["id"]: (t["ticket"], t["title"], t["tags"]) for t in shown} == expected


def test_an_agent_records_the_customers_estimate_approval_then_development_can_start(agent):
    task = TaskFactory(reviewed=True, billed=True, estimate_hours=6)
    client = client_for(agent)
    refused = client.post(
        f"/api/tasks/{task.pk}/transitions/", {"transition": "start_development"}, format="json"
    )
    assert refused.status_code == 409
    assert "not approved the estimate of 6" in refused.json()["error"]["message"]

    response = client.post(f"/api/tasks/{task.pk}/approve-estimate/")

    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.estimate_approved_by, task.stage) == (agent, Stage.REQUIREMENTS)
    assert {"name": "start_development", "target": "development"}.items() <= next(
        t for t in response.json()["available_transitions"] if t["name"] == "start_development"
    ).items()
    moved = client.post(
        f"/api/tasks/{task.pk}/transitions/", {"transition": "start_development"}, format="json"
    )
    assert moved.status_code == 200


def test_approving_a_task_without_an_estimate_is_a_400_and_changes_nothing(agent):
    task = TaskFactory(billed=True)
    response = client_for(agent).post(f"/api/tasks/{task.pk}/approve-estimate/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"estimate_hours": ["Estimate the task first."]}
    task.refresh_from_db()
    assert task.estimate_approved_at is None


def test_customers_cannot_approve_through_the_api(customer):
    task = TaskFactory(ticket=TicketFactory(requester=customer), estimate_hours=2)
    response = client_for(customer).post(f"/api/tasks/{task.pk}/approve-estimate/")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.estimate_approved_at is None
