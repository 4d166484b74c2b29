"""The webhook delivery loop as a django-celery-beat periodic task, every minute: the safety net
that delivers what was queued while the broker was down (the events handler also publishes it on
commit)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Webhooks: deliver pending",
        "notifications.deliver_webhooks",
        "Delivers due webhook deliveries and retries failed attempts. Idempotent.",
    ),
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_webhooks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
