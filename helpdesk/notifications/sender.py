"""Delivers pending notifications through ``helpdesk.core.delivery``: one locked row per
transaction, retries with backoff. Each email is handed to the backend while its row is locked,
then the row is marked sent in the same transaction. The one window left (the mail server
accepted the message, the process died before the commit) resends the message with the same
``Message-ID`` header, which mail clients show once.
"""

import hashlib
import logging
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from helpdesk.core.delivery import Delivery, DeliveryResult

from .models import Notification

logger = logging.getLogger(__name__)


def message_id(notification: Notification) -> str:
    """The same for every attempt at one dedupe key, so a resend is recognisably one email."""
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.HELPDESK_BASE_URL).hostname or "helpdesk.invalid"
    return f"<{digest}@{domain}>"


def build_message(notification: Notification, connection=None) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": message_id(notification),
        "X-Helpdesk-Notification": notification.kind,
        "X-Helpdesk-Dedupe-Key": notification.dedupe_key,
    }
    if notification.ticket_number:
        headers["X-Helpdesk-Ticket"] = str(notification.ticket_number)
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
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
