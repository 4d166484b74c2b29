"""Thin Celery tasks of the inbound mail doors."""

from celery import shared_task

from . import dropfolder, schedule


@shared_task(name="mailgate.sweep_drop_folder", ignore_result=True)
def sweep_drop_folder() -> int:
    """Receive the ``.eml`` files of ``HELPDESK_MAIL_DROP_FOLDER`` (``make run``)."""
    return dropfolder.sweep().processed


schedule.connect_drop_folder_schedule()
