"""Delivers pending notifications through ``helpdesk.core.delivery``: one locked row per
transaction, retries with backoff. Each email is handed to the backend while its row is locked,
then the row is marked sent in the same transaction. The one window left (the mail server
accepted the message, the process died before the commit) resends the message with the same
``Message-ID`` header, which mail clients show once.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from helpdesk.core.delivery import Delivery, DeliveryResult

from .models import Notification
from .services import message_id_for

logger = logging.getLogger(__name__)


def message_id(notification: Notification) -> str:
    """Stored at enqueue; rows written before the column existed get the same value here."""
    return notification.message_id or message_id_for(notification.dedupe_key)


def build_message(notification: Notification, connection=None) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": message_id(notification),
        "X-Helpdesk-Notification": notification.kind,
        "X-Helpdesk-Dedupe-Key": notification.dedupe_key,
    }
    if notification.ticket_number:
        headers["X-Helpdesk-Ticket"] = str(notification.ticket_number)
    if notification.in_reply_to:
        headers["In-Reply-To"] = notification.in_reply_to
    if notification.references:
        headers["References"] = notification.references
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        cc=notification.cc or None,
        reply_to=[notification.reply_to] if notification.reply_to else None,
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for attachment in notification.attachments or ():
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    return message


class Outbox(Delivery):
    """The outbox's rows, sent through one mail connection (``send_pending``)."""

    label = "notification"
    model = Notification
    PENDING, SENT = Notification.Status.PENDING, Notification.Status.SENT
    FAILED = Notification.Status.FAILED

    def __init__(self, connection) -> None:
        self.connection = connection

    def attempt(self, notification: Notification) -> None:
        build_message(notification, self.connection).send()

    def attempt_failed(self, notification: Notification, error: Exception) -> None:
        _close_quietly(self.connection)  # the next attempt opens a fresh one

    def describe(self, notification: Notification) -> str:
        return f"{notification.kind} #{notification.pk} to {notification.recipient}"


def send_pending(*, now: datetime | None = None, limit: int = 1000) -> DeliveryResult:
    """Deliver up to ``limit`` due notifications. Safe to run in many workers at once."""
    connection = get_connection()
    try:
        return Outbox(connection).run(now=now, limit=limit)
    finally:
        _close_quietly(connection)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:
        logger.debug("Closing the mail connection failed.", exc_info=True)
