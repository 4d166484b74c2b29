"""The one delivery loop: rows waiting to go out (outbox emails, on-call webhooks), each tried
once per due time, retried with backoff, given up after a number of attempts.

Each due row is locked with ``SELECT … FOR UPDATE SKIP LOCKED`` and stays locked while it is
delivered, then marked in the same transaction: sent; or, when the attempt raised, the error
recorded and the next attempt due ``backoff(attempts)`` later; or, after the last attempt
(``HELPDESK_NOTIFICATION_MAX_ATTEMPTS``), failed. Two workers never take the same row, and a
worker that dies before its commit leaves the row pending, so nothing is lost. The one window
left (the receiver accepted, the process died before the commit) delivers again: receivers
recognise the repeat by a key that is the same on every attempt (``Message-ID``,
``Idempotency-Key``).

A subclass names the model, its fields and status values, and implements ``attempt(row)``,
which raises when the delivery failed: ``helpdesk.notifications.sender.Outbox`` (emails, with
the default field names) and ``escalation.webhooks.PageWebhooks`` (``webhook_*`` fields) are
ten lines each.

Each loop's query wants an index on ``(due_field, id)`` limited to the pending status.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 2000


def backoff(attempts: int) -> timedelta:
    """Delay before attempt ``attempts + 1``: base, 2×base, 4×base… capped."""
    base = settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS
    cap = settings.HELPDESK_NOTIFICATION_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def processed(self) -> int:
        return self.sent + self.retrying + self.failed


class Delivery:
    label: ClassVar[str]
    model: ClassVar[type[models.Model]]
    status_field: ClassVar[str] = "status"
    attempts_field: ClassVar[str] = "attempts"
    due_field: ClassVar[str] = "next_attempt_at"
    sent_at_field: ClassVar[str] = "sent_at"
    error_field: ClassVar[str] = "last_error"
    PENDING: ClassVar[str] = "pending"
    SENT: ClassVar[str] = "sent"
    FAILED: ClassVar[str] = "failed"
    # Relations attempt() reads: one join, locking the delivered row only.
    select_related: ClassVar[tuple[str, ...]] = ()

    def attempt(self, row: Any) -> None:
        """Deliver ``row``; raise when it did not go out."""
        raise NotImplementedError

    def attempt_failed(self, row: Any, error: Exception) -> None:
        """After a failed attempt, before the row is marked (e.g. drop a broken connection)."""

    def describe(self, row: Any) -> str:
        """The row in log lines."""
        return f"{self.label} {row.pk}"

    def max_attempts(self) -> int:
        return settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS

    def due(self, now: datetime) -> models.QuerySet:
        return self.model._default_manager.filter(
            **{self.status_field: self.PENDING, f"{self.due_field}__lte": now}
        ).order_by(self.due_field, "pk")

    def _next(self, now: datetime | None) -> Any:
        qs = self.due(now or timezone.now())
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs.select_for_update(skip_locked=True, of=("self",)).first()

    def run(self, *, now: datetime | None = None, limit: int = 200) -> DeliveryResult:
        """Deliver up to ``limit`` rows due at ``now`` (default: the current time), one row per
        transaction. Safe to run in many workers at once."""
        result = DeliveryResult()
        max_attempts = self.max_attempts()
        while result.processed < limit:
            with transaction.atomic():
                row = self._next(now)
                if row is None:
                    break
                self._deliver(row, now or timezone.now(), max_attempts, result)
        return result

    def _deliver(self, row: Any, at: datetime, max_attempts: int, result: DeliveryResult) -> None:
        attempts = getattr(row, self.attempts_field) + 1
        setattr(row, self.attempts_field, attempts)
        try:
            self.attempt(row)
        except Exception as error:
            message = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
            setattr(row, self.error_field, message)
            self.attempt_failed(row, error)
            if attempts >= max_attempts:
                setattr(row, self.status_field, self.FAILED)
                result.failed += 1
                logger.error("Gave up on %s: %s", self.describe(row), message)
            else:
                next_at = at + backoff(attempts)
                setattr(row, self.due_field, next_at)
                result.retrying += 1
                logger.warning(
                    "%s failed (attempt %s), next at %s: %s",
                    self.describe(row),
                    attempts,
                    next_at.isoformat(),
                    message,
                )
        else:
            setattr(row, self.status_field, self.SENT)
            setattr(row, self.sent_at_field, at)
            setattr(row, self.error_field, "")
            result.sent += 1
            logger.info("Sent %s", self.describe(row))
        fields = [
            self.attempts_field,
            self.status_field,
            self.due_field,
            self.sent_at_field,
            self.error_field,
        ]
        row.save(update_fields=fields)
