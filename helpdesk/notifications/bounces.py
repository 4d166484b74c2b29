"""Bounces: a delivery status notification (RFC 3464) names an email the outbox sent.

``mark_bounced`` finds the outbox row by the Message-ID stored when it was enqueued and marks it
``bounced`` with the instant and the reason, in the caller's transaction. A second report of
the same bounce changes nothing: the first instant and reason stay.
"""

from collections.abc import Iterable
from datetime import datetime

from .models import Notification


def mark_bounced(message_ids: Iterable[str], *, reason: str, at: datetime) -> Notification | None:
    """The outbox row whose Message-ID is one of ``message_ids``, marked bounced; None when no
    email the helpdesk sent has any of them."""
    ids = [value.strip() for value in message_ids if value and value.strip()]
    if not ids:
        return None
    row = (
        Notification.objects.select_for_update()
        .filter(message_id__in=ids)
        .order_by("-created_at", "-id")
        .first()
    )
    if row is None:
        return None
    if row.status != Notification.Status.BOUNCED:
        row.status = Notification.Status.BOUNCED
        row.bounced_at = at
        row.last_error = (reason or "The receiving mail server returned the email.")[:2000]
        row.save(update_fields=["status", "bounced_at", "last_error"])
    return row
