"""Delivers pending notifications: one locked row per transaction, retries with backoff.

Each row is locked with ``SELECT … FOR UPDATE SKIP LOCKED`` and stays locked while its email is
handed to the backend, then marked sent in the same transaction. Two senders never take the same
row; a sender that dies before committing leaves the row pending, so nothing is lost. The one
window left (the mail server accepted the message, the process died before the commit) resends
the message with the same ``Message-ID`` header, which mail clients show once.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def processed(self) -> int:
        return self.sent + self.retrying + self.failed


def backoff(attempts: int) -> timedelta:
    """Delay before attempt ``attempts + 1``: base, 2×base, 4×base… capped."""
    base = settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS
    cap = settings.HELPDESK_NOTIFICATION_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


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


def _next_due(now: datetime | None):
    return (
        Notification.objects.select_for_update(skip_locked=True)
        .filter(status=Notification.Status.PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at", "id")
        .first()
    )


def send_pending(*, now: datetime | None = None, limit: int = 1000) -> SendResult:
    """Deliver up to ``limit`` due notifications. Safe to run in many workers at once."""
    result = SendResult()
    max_attempts = settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS
    connection = get_connection()
    try:
        while result.processed < limit:
            with transaction.atomic():
                row = _next_due(now)
                if row is None:
                    break
                at = now or timezone.now()
                row.attempts += 1
                try:
                    build_message(row, connection).send()
                except Exception as error:
                    row.last_error = f"{type(error).__name__}: {error}"[:2000]
                    _close_quietly(connection)
                    if row.attempts >= max_attempts:
                        row.status = Notification.Status.FAILED
                        result.failed += 1
                        logger.error("Gave up on notification %s: %s", row.pk, row.last_error)
                    else:
                        row.next_attempt_at = at + backoff(row.attempts)
                        result.retrying += 1
                        logger.warning(
                            "Notification %s failed (attempt %s), next at %s: %s",
                            row.pk,
                            row.attempts,
                            row.next_attempt_at.isoformat(),
                            row.last_error,
                        )
                else:
                    row.status = Notification.Status.SENT
                    row.sent_at = at
                    row.last_error = ""
                    result.sent += 1
                    logger.info("Sent %s #%s to %s", row.kind, row.pk, row.recipient)
                row.save(
                    update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"]
                )
    finally:
        _close_quietly(connection)
    return result


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:
        logger.debug("Closing the mail connection failed.", exc_info=True)
