"""Thin Celery tasks with explicit names (django-celery-beat runs them every minute; the periodic
tasks come from migration 0007). Both are idempotent, so they acknowledge late."""

from celery import shared_task

from . import sweeps, webhooks


@shared_task(name="escalation.sweep_on_call", acks_late=True, ignore_result=True)
def sweep_on_call() -> int:
    return sweeps.run_on_call_chain()


@shared_task(name="escalation.deliver_webhooks", acks_late=True, ignore_result=True)
def deliver_webhooks() -> int:
    return webhooks.deliver_pending().processed


@shared_task(name="escalation.nudge_previous_t3", acks_late=True, ignore_result=True)
def nudge_previous_t3() -> int:
    return sweeps.run_previous_t3_nudge()


@shared_task(name="escalation.remind_progress_updates", acks_late=True, ignore_result=True)
def remind_progress_updates() -> int:
    return sweeps.run_progress_reminders()
