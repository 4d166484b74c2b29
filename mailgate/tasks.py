"""Thin Celery tasks of the inbound mail doors, with explicit names."""

from celery import shared_task

from . import dropfolder, imap, schedule


@shared_task(name="mailgate.poll_mailboxes", acks_late=True, ignore_result=True)
def poll_mailboxes() -> str:
    """Every minute (a data migration schedules it): fetch the active mailboxes' unseen mail.
    Idempotent: a message is stored once whatever the number of polls that fetch it."""
    return "; ".join(str(poll) for poll in imap.poll_active())


@shared_task(name="mailgate.sweep_drop_folder", ignore_result=True)
def sweep_drop_folder() -> int:
    """Receive the ``.eml`` files of ``HELPDESK_MAIL_DROP_FOLDER`` (``make run``)."""
    return dropfolder.sweep().processed


schedule.connect_drop_folder_schedule()
