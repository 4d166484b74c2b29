"""The events handler: one delivery row per active endpoint subscribed to the event.

It runs in the publisher's transaction (``events.publish``): the rows commit or roll back with
the change, and the delivery task is published only after the commit. Endpoints are read once
per transaction (one query; an admin's edit applies to the next transaction), and the rows are
written with one INSERT that skips keys already there, so a replayed event is delivered once
per endpoint.

What a payload carries is the event's own fields: its name, time, title, ticket number, desk
link and ``data``. Publishers put only what staff may read in the team's tools there, never
the text of an internal note.
"""

import hashlib
import json
import re
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from helpdesk.core.publish import publish_on_commit

from .. import events
from ..models import WebhookDelivery, WebhookEndpoint, WebhookFormat

DELIVER_TASK = "notifications.deliver_webhooks"
FALLBACK = "the periodic webhook run delivers them"
KEY_MAX = 255

# Names the endpoint form offers (every event the bus knows), with a label each.
EVENT_CHOICES: list[tuple[str, str]] = [
    (value, f"{value} ({name.lower().replace('_', ' ')})")
    for name, value in vars(events.Name).items()
    if name.isupper() and isinstance(value, str)
]
EVENT_NAMES = frozenset(value for value, _ in EVENT_CHOICES)

# Words that ping a whole Slack / Mattermost / Teams channel; a subject written by a customer
# must not, so a zero-width space goes after the "@".
_BROADCAST = re.compile(r"@(channel|here|all|everyone)\b", re.IGNORECASE)


def delivery_key(event: events.Event, endpoint_id: int) -> str:
    """The same for every replay of ``event`` to one endpoint (``X-Helpdesk-Delivery``)."""
    key = f"webhook:{endpoint_id}:{event.dedupe_key}"
    if len(key) <= KEY_MAX:
        return key
    digest = hashlib.sha256(event.dedupe_key.encode()).hexdigest()
    return f"webhook:{endpoint_id}:sha256:{digest}"


def payload(event: events.Event, key: str) -> dict[str, Any]:
    """The JSON format's body: the event, and the delivery key to recognise a repeat."""
    return {
        "id": key,
        "event": event.name,
        "at": event.at.isoformat(),
        "title": event.title,
        "ticket": event.ticket_number,
        "url": event.url,
        "data": event.data,
    }


def chat_line(event: events.Event) -> str:
    """One line for a chat channel: the title (ticket number and subject) and the desk link.

    ``&``, ``<`` and ``>`` are escaped as Slack asks (so no text becomes a link or a mention);
    Mattermost and Teams show the escapes as the characters. Channel-wide mentions are broken.
    """
    text = " ".join(event.title.split())
    if event.url:
        text = f"{text} {event.url}"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u200b\\1", text)


def body(event: events.Event, endpoint_format: str, data: dict[str, Any]) -> str:
    if endpoint_format == WebhookFormat.CHAT:
        return json.dumps({"text": chat_line(event)}, ensure_ascii=False)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


Subscription = tuple[int, str, tuple[str, ...]]
_CACHE_ATTRIBUTE = "_helpdesk_webhook_endpoints"


def _active_endpoints() -> list[Subscription]:
    """The active endpoints, read once per transaction: a sweep that changes the status of a
    thousand tickets in one transaction reads them once, not a thousand times. The list hangs
    on the outermost atomic block, so it goes with the transaction (committed or rolled back);
    an endpoint saved or deleted in this process clears it (``forget_endpoints``)."""
    # The blocks a TestCase opens around a whole test are not the application's transaction.
    blocks = [b for b in transaction.get_connection().atomic_blocks if not b._from_testcase]
    outermost = blocks[0] if blocks else None
    cached = getattr(outermost, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    endpoints = [
        (pk, endpoint_format, tuple(names or ()))
        for pk, endpoint_format, names in WebhookEndpoint.objects.filter(active=True).values_list(
            "pk", "format", "events"
        )
    ]
    if outermost is not None:
        setattr(outermost, _CACHE_ATTRIBUTE, endpoints)
    return endpoints


@receiver([post_save, post_delete], sender=WebhookEndpoint)
def forget_endpoints(**kwargs: Any) -> None:
    connection = transaction.get_connection()
    for block in connection.atomic_blocks:
        if hasattr(block, _CACHE_ATTRIBUTE):
            delattr(block, _CACHE_ATTRIBUTE)


@events.register
def enqueue_webhooks(event: events.Event) -> None:
    """Queue ``event`` for every active endpoint that subscribes to it."""
    endpoints = [
        (pk, endpoint_format)
        for pk, endpoint_format, names in _active_endpoints()
        if event.name in names
    ]
    if not endpoints:
        return
    now = timezone.now()
    rows = []
    for pk, endpoint_format in endpoints:
        key = delivery_key(event, pk)
        data = json.loads(json.dumps(payload(event, key), default=str))
        rows.append(
            WebhookDelivery(
                endpoint_id=pk,
                event=event.name,
                payload=data,
                body=body(event, endpoint_format, data),
                dedupe_key=key,
                next_attempt_at=now,
                created_at=now,
            )
        )
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    publish_on_commit(DELIVER_TASK, fallback=FALLBACK)
