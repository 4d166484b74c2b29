"""The outbox sender as a django-celery-beat periodic task, every minute: the safety net that
delivers what was queued while the broker was down (services also publish it on commit)."""

from django.db import migrations
from django.utils import timezone

NAME = "Outbox: send pending notifications"


def _changed(apps) -> None:
    """Tell a running beat (DatabaseScheduler) to reload: data migrations send no signals."""
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule = IntervalSchedule.objects.filter(every=1, period="minutes").order_by("pk").first()
    schedule = schedule or IntervalSchedule.objects.create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "notifications.send_pending",
            "interval": schedule,
            "args": "[]",
            "kwargs": "{}",
            "expire_seconds": 300,
            "description": "Delivers due notifications and retries failed attempts. Idempotent.",
        },
    )
    _changed(apps)


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()
    _changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
