"""The timer sweeps as django-celery-beat periodic tasks, every minute.

The one source of truth for the schedule: admins see, pause and re-time them in Django admin
(there is no CELERY_BEAT_SCHEDULE to copy over their edits at every beat start).
"""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

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


TASKS = [(name, task, DESCRIPTION) for name, task in SWEEPS]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0003_timer_policies_and_due_instants"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
