"""Task admin (stage read-only, moves as actions through the services) and the demo tasks."""

import pytest
from django.test import Client

from engineering.demo import DEMO_TASKS, seed_demo
from engineering.models import Task
from engineering.states import Stage
from tests.engineering.factories import ready_task
from tests.factories import UserFactory
from tickets.demo import seed_demo as seed_ticket_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_stage_is_not_editable_in_admin(admin_client):
    task = ready_task()
    html = admin_client.get(f"/admin/engineering/task/{task.pk}/change/").content.decode()
    assert 'name="stage"' not in html
    assert 'name="title"' in html


def test_admin_action_moves_through_the_service_and_reports_refusals(admin_client):
    good, bad = ready_task(), ready_task(billing_reference="")
    response = admin_client.post(
        "/admin/engineering/task/",
        {"action": "task_start_development", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 task moved." in html
    assert f"Task {bad.pk} cannot leave Requirements" in html
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.stage, bad.stage) == (Stage.DEVELOPMENT, Stage.REQUIREMENTS)
    assert good.transitions.get().actor.username == "root"


def test_demo_has_a_task_in_every_stage_and_is_idempotent():
    seed_ticket_demo()
    assert seed_demo() == f"Demo tasks: {len(DEMO_TASKS)} created, one in every stage of the board."
    stages = set(Task.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert seed_demo() == "Demo tasks: already there."
    assert Task.objects.count() == len(DEMO_TASKS)
