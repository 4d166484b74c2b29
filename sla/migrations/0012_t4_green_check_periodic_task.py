"""Seed 003's T4 Green check by COB Tuesday as a django-celery-beat periodic task, every 15
minutes (it acts only from Tuesday's close of business until Wednesday's; edit it in admin)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "SLA: T4 Green check by COB Tuesday",
        "sla.check_t4_green",
        "Emails the leads for an extra T4 engineer on Wednesday when T4 is below its Green target "
        "at close of business on Tuesday (once a week).",
    )
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS, every_minutes=15)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0011_custom_code_target"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
