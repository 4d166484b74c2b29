"""The SLA colour sweep as a django-celery-beat periodic task, every minute (edit it in admin)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "SLA: colour sweep",
        "sla.sweep_colours",
        "Turns SLA clocks Yellow and Red when their instant has passed.",
    )
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0004_seed_policies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
