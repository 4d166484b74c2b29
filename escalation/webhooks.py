"""Delivers the webhook of each on-call ``Page`` (JSON POST), with retries and backoff.

The delivery loop is the outbox sender's (``helpdesk.core.delivery``): one row locked with
``SKIP LOCKED`` per transaction, marked sent in the transaction that delivered it; a failure
waits ``backoff(attempts)`` and the row is given up after the outbox's maximum attempts. The
``Idempotency-Key`` header (the page's dedupe key) lets the receiver recognise a repeat. Emails
of the same pages go through the outbox.
"""

import json
import urllib.request
from datetime import datetime

from helpdesk.core.delivery import Delivery, DeliveryResult
from helpdesk.core.publish import publish_on_commit
from tickets.services.alerts import desk_url

from .models import Page
from .states import WebhookStatus

DELIVER_TASK = "escalation.deliver_webhooks"
TIMEOUT_SECONDS = 5


def payload(page: Page) -> dict:
    ticket = page.alert.ticket
    url = desk_url(ticket.pk)
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


class PageWebhooks(Delivery):
    label = "page webhook"
    model = Page
    status_field, attempts_field = "webhook_status", "webhook_attempts"
    due_field, sent_at_field = "webhook_next_at", "webhook_sent_at"
    error_field = "webhook_last_error"
    PENDING, SENT, FAILED = WebhookStatus.PENDING, WebhookStatus.SENT, WebhookStatus.FAILED
    select_related = ("alert__ticket",)

    def attempt(self, page: Page) -> None:
        post_json(page.webhook_url, payload(page))


def deliver_pending(*, now: datetime | None = None, limit: int = 200) -> DeliveryResult:
    return PageWebhooks().run(now=now, limit=limit)


def schedule_delivery() -> None:
    """Publish the delivery task once the current transaction commits."""
    publish_on_commit(DELIVER_TASK, fallback="the periodic task delivers it")
