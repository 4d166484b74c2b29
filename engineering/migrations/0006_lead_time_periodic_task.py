"""The lead-time sweep as a django-celery-beat periodic task, every minute (admins see, pause and
re-time it in Django admin)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Task timer: lead times",
        "engineering.sweep_lead_times",
        "Turns engineering task cards blue near their lead time, and assigns unpicked tasks by "
        "workload when it is reached. Idempotent; see TASK_LEAD_TIME_* in settings.",
    )
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("engineering", "0005_lead_times_templates"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
