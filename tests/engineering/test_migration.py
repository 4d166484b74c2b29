"""Engineering tasks moved from the tickets app to their own (tickets 0010, engineering 0001 and
0002): a database that already holds tasks keeps every row, tag and log entry, with no data
copied, and the UAT periodic task keeps its schedule under the task's new name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from engineering.models import Task, TaskTransitionLog
from engineering.states import Stage
from tests.factories import AgentFactory
from tests.support.historical import old_ticket
from tickets.models import Tag, Ticket

BEFORE_THE_MOVE = [
    ("tickets", "0009_queue_all_statuses_index_and_counts"),
    ("timesheets", "0001_initial"),
    ("engineering", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_tasks_written_before_the_move_are_the_engineering_apps_tasks_after_it():
    old = _migrate(BEFORE_THE_MOVE)
    OldTask = old.get_model("tickets", "Task")
    OldLog = old.get_model("tickets", "TaskTransitionLog")
    # Before the move the tier's table still has its escalation name (tickets 0012 renames it).
    triage = old.get_model("escalation", "Tier").objects.values_list("pk", flat=True)
    ticket = old_ticket(old, tier_id=triage.get(slug="triage"))
    agent, tag = AgentFactory(), Tag.objects.create(name="PS Support")
    now = timezone.now()
    task = OldTask.objects.create(
        ticket_id=ticket.pk,
        title="Fix the rounding",
        created_by_id=agent.pk,
        stage=Stage.DEVELOPMENT,
        billing_reference="SO-1",
        created_at=now,
        updated_at=now,
        stage_changed_at=now,
        planned_at=now,
    )
    task.tags.add(tag.pk)
    OldLog.objects.create(
        task_id=task.pk,
        transition="start_development",
        from_stage=Stage.REQUIREMENTS,
        to_stage=Stage.DEVELOPMENT,
        actor_id=agent.pk,
        created_at=now,
    )
    assert PeriodicTask.objects.filter(task="tickets.sweep_uat_auto_done").count() == 1

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Task.objects.get(pk=task.pk)
    assert (moved.title, moved.stage, moved.ticket_id, moved.billing_reference) == (
        "Fix the rounding",
        Stage.DEVELOPMENT,
        ticket.pk,
        "SO-1",
    )
    assert [t.name for t in moved.tags.all()] == ["PS Support"]
    log = TaskTransitionLog.objects.filter(task=moved).values_list("transition", "actor")
    assert list(log) == [("start_development", agent.pk)]
    assert list(Ticket.objects.get(pk=ticket.pk).tasks.all()) == [moved]
    assert Task._meta.db_table == "engineering_task"
    uat = PeriodicTask.objects.get(name="Task timer: UAT auto-done")
    assert uat.task == "engineering.sweep_uat_auto_done"
