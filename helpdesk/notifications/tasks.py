"""Thin Celery tasks with explicit names. django-celery-beat also runs the sender every minute."""

from celery import shared_task

from . import sender


@shared_task(name="notifications.send_pending", acks_late=True, ignore_result=True)
def send_pending(limit: int = 1000) -> int:
    """Deliver the due notifications; idempotent, so a redelivered message does no harm."""
    return sender.send_pending(limit=limit).sent
