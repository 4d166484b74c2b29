"""Thin Celery tasks with explicit names. Both are idempotent (a delivery is unique per answer
and ticket), so they acknowledge late and a redelivered message changes nothing twice."""

from celery import shared_task

from . import services


@shared_task(
    name=services.SEND_BULK_ANSWER_TASK,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=8,
)
def send_bulk_answer(bulk_answer_id: int) -> int:
    return services.deliver_bulk_answer(bulk_answer_id).delivered


@shared_task(name="knownissues.resume_bulk_answers", acks_late=True, ignore_result=True)
def resume_bulk_answers() -> int:
    return services.resume_stalled()
