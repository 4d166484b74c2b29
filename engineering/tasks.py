"""The engineering Celery task, thin and explicitly named: the UAT auto-done sweep.
django-celery-beat
runs it every minute (the periodic task comes from a data migration; edit or pause it in admin).
The sweep is idempotent, so the task acknowledges late."""

from celery import shared_task

from .sweeps import LeadTimes, UatAutoDone


@shared_task(name="engineering.sweep_uat_auto_done", acks_late=True, ignore_result=True)
def sweep_uat_auto_done(batch_size: int | None = None) -> int:
    """Engineering tasks in UAT without an answer in time → Done."""
    return UatAutoDone().run(batch_size=batch_size).applied


@shared_task(name="engineering.sweep_lead_times", acks_late=True, ignore_result=True)
def sweep_lead_times(batch_size: int | None = None) -> int:
    """Engineering tasks near their lead time → blue; reached and unpicked → assigned."""
    return LeadTimes().run(batch_size=batch_size).applied
