"""Thin Celery task for the SLA colour sweep (every minute, from a data migration)."""

from celery import shared_task

from .sweeps import sweep_colours


@shared_task(name="sla.sweep_colours", acks_late=True, ignore_result=True)
def sweep_colours_task() -> str:
    return str(sweep_colours())
