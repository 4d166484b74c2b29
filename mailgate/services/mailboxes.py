"""What the IMAP sweep writes about a mailbox: when it was last polled and its last error."""

from datetime import datetime

from django.utils import timezone

from ..models import Mailbox

ERROR_LIMIT = 2000


def record_poll(mailbox: Mailbox, *, error: str = "", now: datetime | None = None) -> None:
    """Store the outcome of one poll of ``mailbox`` (an empty ``error``: it went well).

    One UPDATE of the two columns, so an admin's edit of the mailbox made while the poll ran is
    kept. The in-memory instance is updated too, for the caller's report."""
    now = now or timezone.now()
    error = error[:ERROR_LIMIT]
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=now, last_error=error)
    mailbox.last_polled_at = now
    mailbox.last_error = error
