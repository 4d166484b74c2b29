"""The UAT auto-done sweep as a django-celery-beat periodic task, every minute (admins see, pause
and re-time it in Django admin)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Task timer: UAT auto-done",
        "tickets.sweep_uat_auto_done",
        "Moves engineering tasks to Done when the customer has not answered UAT in time. "
        "Idempotent; the days are TASK_UAT_AUTO_DONE_DAYS (and _BUSINESS_DAYS) in settings.",
    )
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0006_task_uat_question"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
