"""Delivers the queued webhook rows through the shared loop (``helpdesk.core.delivery``).

One row locked per transaction, POSTed while it is locked, marked in the same transaction: sent
on a 2xx answer; otherwise (another status, a redirect, a timeout, a refused connection) the
error and the answer's status are recorded and the row is tried again ``backoff(attempts)``
later, then given up after the outbox's maximum attempts. Each attempt is signed afresh with
the time it is made (``signing``). Rows of an inactive endpoint wait until it is active again.
"""

import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from helpdesk.core.delivery import Delivery, DeliveryResult
from helpdesk.core.publish import publish_on_commit

from ..models import WebhookDelivery, WebhookEndpoint, generate_secret
from .enqueue import DELIVER_TASK, FALLBACK
from .signing import sign

TIMEOUT_SECONDS = 5
USER_AGENT = "Helpdesk-Webhooks/1"
ANSWER_MAX_CHARS = 200


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer that delivered nothing (urllib would re-send a POST as a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class DeliveryRefused(Exception):
    """The receiver answered with a status other than 2xx."""

    def __init__(self, status: int, answer: str = "") -> None:
        self.status = status
        super().__init__(f"HTTP {status}" + (f": {answer}" if answer else ""))


def headers(row: WebhookDelivery, secret: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Helpdesk-Event": row.event,
        "X-Helpdesk-Delivery": row.dedupe_key,
        "X-Helpdesk-Timestamp": str(timestamp),
        "X-Helpdesk-Signature": sign(secret, timestamp, row.body),
    }


def post(url: str, body: str, request_headers: dict[str, str]) -> int:
    """POST ``body`` and return the 2xx status; raise ``DeliveryRefused`` on another status,
    ``OSError`` when there was no answer."""
    request = urllib.request.Request(
        url, data=body.encode(), headers=request_headers, method="POST"
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        answer = error.read(ANSWER_MAX_CHARS) if error.fp else b""
        raise DeliveryRefused(error.code, answer.decode(errors="replace").strip()) from None
    if not 200 <= status < 300:
        raise DeliveryRefused(status)
    return status


class WebhookSender(Delivery):
    label = "webhook delivery"
    model = WebhookDelivery
    PENDING, SENT = WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENT
    FAILED = WebhookDelivery.Status.FAILED
    select_related = ("endpoint",)

    def due(self, now: datetime) -> QuerySet:
        return super().due(now).filter(endpoint__active=True)

    def attempt(self, row: WebhookDelivery) -> None:
        endpoint = row.endpoint
        timestamp = int(time.time())
        try:
            status = post(endpoint.url, row.body, headers(row, endpoint.secret, timestamp))
        except DeliveryRefused as refused:
            _record_status(row, refused.status)
            raise
        except Exception:
            _record_status(row, None)
            raise
        _record_status(row, status)

    def describe(self, row: WebhookDelivery) -> str:
        return f"webhook {row.event} #{row.pk} to {row.endpoint.name}"


def _record_status(row: WebhookDelivery, status: int | None) -> None:
    """The loop saves its own fields only; the answer's status is written beside them."""
    if row.response_status != status:
        row.response_status = status
        WebhookDelivery.objects.filter(pk=row.pk).update(response_status=status)


def deliver_pending(*, now: datetime | None = None, limit: int = 200) -> DeliveryResult:
    """Deliver up to ``limit`` due rows. Safe to run in many workers at once."""
    return WebhookSender().run(now=now, limit=limit)


def schedule_delivery() -> None:
    """Publish the delivery task once the current transaction commits (once per transaction)."""
    publish_on_commit(DELIVER_TASK, fallback=FALLBACK)


def retry(ids: Iterable[int], *, at: datetime | None = None) -> int:
    """Give failed (or waiting) deliveries a fresh set of attempts, due now. Sent rows stay
    sent: a receiver that lost one asks for it by its key, it is not re-sent from here."""
    at = at or timezone.now()
    with transaction.atomic():
        count = WebhookDelivery.objects.filter(
            pk__in=list(ids),
            status__in=[WebhookDelivery.Status.FAILED, WebhookDelivery.Status.PENDING],
        ).update(status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=at)
        if count:
            schedule_delivery()
    return count


def rotate_secret(ids: Iterable[int]) -> int:
    """A new secret for each endpoint: the receivers need the new one from admin to verify."""
    with transaction.atomic():
        endpoints = list(WebhookEndpoint.objects.select_for_update().filter(pk__in=list(ids)))
        for endpoint in endpoints:
            endpoint.secret = generate_secret()
        WebhookEndpoint.objects.bulk_update(endpoints, ["secret"])
    return len(endpoints)
