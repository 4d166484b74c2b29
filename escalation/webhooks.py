"""Delivers the webhook of each on-call ``Page`` (JSON POST), with retries and backoff.

The same shape as the outbox sender: one row locked with ``SKIP LOCKED`` per transaction, marked
sent in the transaction that delivered it; a failure waits ``backoff(attempts)`` and the row is
given up after the outbox's maximum attempts. Emails of the same pages go through the outbox.
"""

import json
import logging
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helpdesk.core.publish import publish_on_commit
from helpdesk.notifications.sender import backoff

from .models import Page
from .states import WebhookStatus

logger = logging.getLogger(__name__)

DELIVER_TASK = "escalation.deliver_webhooks"
TIMEOUT_SECONDS = 5


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def processed(self) -> int:
        return self.sent + self.retrying + self.failed


def payload(page: Page) -> dict:
    ticket = page.alert.ticket
    url = settings.HELPDESK_BASE_URL.rstrip("/") + reverse("desk-ticket", args=[ticket.pk])
    return {
        "event": f"oncall.{page.step}",
        "ticket": ticket.pk,
        "subject": ticket.subject,
        "url": url,
        "recipient": page.recipient,
        "dedupe_key": page.dedupe_key,
        "raised_at": page.alert.raised_at.isoformat(),
    }


def post_json(url: str, body: dict) -> None:
    """POST ``body``; any non-2xx answer or network error raises."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": body["dedupe_key"]},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def deliver_pending(*, now: datetime | None = None, limit: int = 200) -> DeliveryResult:
    result = DeliveryResult()
    max_attempts = settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS
    while result.processed < limit:
        with transaction.atomic():
            page = (
                Page.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("alert__ticket")
                .filter(
                    webhook_status=WebhookStatus.PENDING,
                    webhook_next_at__lte=now or timezone.now(),
                )
                .order_by("webhook_next_at", "id")
                .first()
            )
            if page is None:
                break
            at = now or timezone.now()
            page.webhook_attempts += 1
            try:
                post_json(page.webhook_url, payload(page))
            except Exception as error:
                page.webhook_last_error = f"{type(error).__name__}: {error}"[:2000]
                if page.webhook_attempts >= max_attempts:
                    page.webhook_status = WebhookStatus.FAILED
                    result.failed += 1
                    logger.error("Gave up on page webhook %s: %s", page.pk, error)
                else:
                    page.webhook_next_at = at + backoff(page.webhook_attempts)
                    result.retrying += 1
            else:
                page.webhook_status = WebhookStatus.SENT
                page.webhook_sent_at = at
                page.webhook_last_error = ""
                result.sent += 1
            page.save(
                update_fields=[
                    "webhook_attempts",
                    "webhook_status",
                    "webhook_next_at",
                    "webhook_sent_at",
                    "webhook_last_error",
                ]
            )
    return result


def schedule_delivery() -> None:
    """Publish the delivery task once the current transaction commits."""
    publish_on_commit(DELIVER_TASK, fallback="the periodic task delivers it")
