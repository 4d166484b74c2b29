"""Periodic tasks as data: the one source of truth for the beat schedule (django-celery-beat).

Data migrations call these with ``apps`` so admins then see, pause and re-time the tasks in
Django admin; ``CELERY_BEAT_SCHEDULE`` is not used (it would overwrite admin edits at start).
"""

from django.utils import timezone


def _changed(apps) -> None:
    """Tell a running beat (DatabaseScheduler) to reload: data migrations send no signals."""
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def add_periodic_tasks(apps, tasks, *, every_minutes: int = 1, expire_seconds: int = 300) -> None:
    """Create ``tasks`` — ``(name, dotted task name, description)`` — unless they exist."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule = (
        IntervalSchedule.objects.filter(every=every_minutes, period="minutes")
        .order_by("pk")
        .first()
    )
    schedule = schedule or IntervalSchedule.objects.create(every=every_minutes, period="minutes")
    for name, task, description in tasks:
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": schedule,
                "args": "[]",
                "kwargs": "{}",
                "expire_seconds": expire_seconds,
                "description": description,
            },
        )
    _changed(apps)


def remove_periodic_tasks(apps, tasks) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in tasks]).delete()
    _changed(apps)


def rename_periodic_tasks(apps, renamed: dict[str, str]) -> None:
    """Point periodic tasks at a task's new dotted name (``{old: new}``), keeping their schedule,
    enabled state and history: for a Celery task that moved to another app."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in renamed.items():
        PeriodicTask.objects.filter(task=old).update(task=new)
    _changed(apps)
