"""The on-call chain and its webhook delivery as django-celery-beat periodic tasks, every minute.

The one source of truth for the schedule: admins see, pause and re-time them in Django admin.
"""

from django.db import migrations
from django.utils import timezone

TASKS = [
    (
        "Escalation: on-call acknowledgement chain",
        "escalation.sweep_on_call",
        "Pages on-call when an On-Call ticket is not acknowledged in time, then the contact "
        "list. Idempotent; the minutes are set on the On-Call tier.",
    ),
    (
        "Escalation: deliver on-call webhooks",
        "escalation.deliver_webhooks",
        "POSTs each page to the person's webhook URL, with retries. Idempotent.",
    ),
]


def _changed(apps) -> None:
    """Tell a running beat (DatabaseScheduler) to reload: data migrations send no signals."""
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule = IntervalSchedule.objects.filter(every=1, period="minutes").order_by("pk").first()
    schedule = schedule or IntervalSchedule.objects.create(every=1, period="minutes")
    for name, task, description in TASKS:
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": schedule,
                "args": "[]",
                "kwargs": "{}",
                "expire_seconds": 300,
                "description": description,
            },
        )
    _changed(apps)


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in TASKS]).delete()
    _changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0006_tier_code_required"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
