"""Thin Celery task for the SLA colour sweep (every minute, from a data migration)."""

from celery import shared_task

from .services import refresh_dashboard_snapshot
from .sweeps import sweep_colours


@shared_task(name="sla.sweep_colours", acks_late=True, ignore_result=True)
def sweep_colours_task() -> str:
    result = sweep_colours()
    refresh_dashboard_snapshot()
    return str(result)
