"""Thin Celery tasks with explicit names."""

from celery import shared_task

from . import imap


@shared_task(name="mailgate.poll_mailboxes", acks_late=True, ignore_result=True)
def poll_mailboxes() -> str:
    """Every minute (a data migration schedules it): fetch the active mailboxes' unseen mail.
    Idempotent: a message is stored once whatever the number of polls that fetch it."""
    return "; ".join(str(poll) for poll in imap.poll_active())
