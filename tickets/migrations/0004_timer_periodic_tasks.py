"""The timer sweeps as django-celery-beat periodic tasks, every minute.

The one source of truth for the schedule: admins see, pause and re-time them in Django admin
(there is no CELERY_BEAT_SCHEDULE to copy over their edits at every beat start).
"""

from django.db import migrations
from django.utils import timezone

SWEEPS = [
    ("Ticket timer: pending reminders", "tickets.sweep_pending_reminders"),
    ("Ticket timer: pending auto-resolve", "tickets.sweep_pending_auto_resolve"),
    ("Ticket timer: waiting on customer expiry", "tickets.sweep_waiting_expiry"),
    ("Ticket timer: hold expiry", "tickets.sweep_hold_expiry"),
    ("Ticket timer: auto-close resolved", "tickets.sweep_auto_close"),
]
DESCRIPTION = (
    "Applies the timer to every ticket whose due instant has passed. Idempotent; durations are "
    "set in Tickets › Timer policies."
)


def _changed(apps) -> None:
    """Tell a running beat (DatabaseScheduler) to reload: data migrations send no signals."""
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def every_minute(apps):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    schedule = IntervalSchedule.objects.filter(every=1, period="minutes").order_by("pk").first()
    return schedule or IntervalSchedule.objects.create(every=1, period="minutes")


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule = every_minute(apps)
    for name, task in SWEEPS:
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": schedule,
                "args": "[]",
                "kwargs": "{}",
                "expire_seconds": 300,
                "description": DESCRIPTION,
            },
        )
    _changed(apps)


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _ in SWEEPS]).delete()
    _changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0003_timer_policies_and_due_instants"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
