"""The drop folder's beat entry: every 5 seconds, and only where ``HELPDESK_MAIL_DROP_FOLDER``
is set (``make run`` sets it; production leaves it empty and polls IMAP instead).

Every other periodic task is a row a data migration writes (``helpdesk.core.beat``). This one
depends on the environment beat runs in, which a migration cannot see (``make migrate`` runs
without it), so beat writes it when it starts (``beat_init``, before the DatabaseScheduler
loads its rows): created when the setting is set and missing, removed when the setting is
empty. An admin's edits to an existing row (interval, enabled) are kept.
"""

from celery.signals import beat_init
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

TASK = "mailgate.sweep_drop_folder"
NAME = "Receive the mail drop folder (make run)"
EVERY_SECONDS = 5


def sync_drop_folder_schedule() -> bool:
    """Make the beat entry match the setting. True when the sweep is scheduled."""
    if settings.HELPDESK_MAIL_DROP_FOLDER:
        schedule, _ = IntervalSchedule.objects.get_or_create(
            every=EVERY_SECONDS, period=IntervalSchedule.SECONDS
        )
        _, created = PeriodicTask.objects.get_or_create(
            name=NAME,
            defaults={
                "task": TASK,
                "interval": schedule,
                "expire_seconds": EVERY_SECONDS * 2,
                "description": "Each .eml saved in the drop folder becomes a ticket or a reply.",
            },
        )
        changed, scheduled = created, True
    else:
        changed, scheduled = PeriodicTask.objects.filter(name=NAME).delete()[0] > 0, False
    if changed:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
    return scheduled


def _on_beat_init(sender=None, **kwargs) -> None:
    sync_drop_folder_schedule()


def connect_drop_folder_schedule() -> None:
    beat_init.connect(_on_beat_init, weak=False, dispatch_uid="mailgate.drop_folder_schedule")
