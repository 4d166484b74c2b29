"""Seed 003-22's nudge of last week's T3 as a django-celery-beat periodic task, every 15
minutes (the one source of truth for its schedule, as migration 0007)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Escalation: nudge last week's T3",
        "escalation.nudge_previous_t3",
        "Tells last week's T3 about each T3 ticket still assigned to them that has had no public "
        "reply for one business day. Idempotent: one nudge per ticket and week.",
    ),
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS, every_minutes=15)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0014_rotas"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
