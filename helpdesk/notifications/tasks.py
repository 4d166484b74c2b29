"""Thin Celery tasks with explicit names. django-celery-beat also runs both every minute."""

from celery import shared_task

from . import sender, webhooks


@shared_task(name="notifications.send_pending", acks_late=True, ignore_result=True)
def send_pending(limit: int = 1000) -> int:
    """Deliver the due notifications; idempotent, so a redelivered message does no harm."""
    return sender.send_pending(limit=limit).sent


@shared_task(name="notifications.deliver_webhooks", acks_late=True, ignore_result=True)
def deliver_webhooks(limit: int = 200) -> int:
    """Deliver the due webhook deliveries; idempotent (a sent row is never sent again)."""
    return webhooks.deliver_pending(limit=limit).sent
