"""Thin Celery tasks: the SLA colour sweep (every minute) and the T4 Tuesday Green check (every
15 minutes), both from data migrations."""

from celery import shared_task
from django.utils import timezone

from .services import check_t4_green, refresh_dashboard_snapshot
from .sweeps import sweep_colours


@shared_task(name="sla.sweep_colours", acks_late=True, ignore_result=True)
def sweep_colours_task() -> str:
    result = sweep_colours()
    refresh_dashboard_snapshot()
    return str(result)


@shared_task(name="sla.check_t4_green", acks_late=True, ignore_result=True)
def check_t4_green_task() -> str:
    result = check_t4_green(timezone.now())
    return f"T4 Green check: due={result.due}, queued={result.queued}"
