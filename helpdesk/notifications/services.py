"""Writes to the outbox: enqueue a notification, retry failed ones.

``enqueue`` runs inside the caller's transaction: the row commits or rolls back with the change
that caused it. After the commit the sender task is published by name (services never import
tasks); when the broker is down the publish fails quietly and the periodic sender delivers the
row a minute later, so a broker outage delays mail but never fails the caller's request.
"""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template import Context
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from helpdesk.core.publish import publish_on_commit

from .models import Notification

logger = logging.getLogger(__name__)

SEND_PENDING_TASK = "notifications.send_pending"
SENDER_FALLBACK = "the periodic sender will deliver the pending mail"


def message_id_for(dedupe_key: str) -> str:
    """The Message-ID of the email of ``dedupe_key``: the same for every attempt, so a resend
    is recognisably one email, and stored so that an answer's In-Reply-To finds it."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.HELPDESK_BASE_URL).hostname or "helpdesk.invalid"
    return f"<{digest}@{domain}>"


def _render_plain(name: str, context: dict[str, Any]) -> str:
    """A plain-text template: no HTML escaping (``<`` stays ``<`` in a subject or text body)."""
    template = get_template(name)
    assert isinstance(template, DjangoTemplate), "settings.TEMPLATES has only Django's engine"
    return template.template.render(Context(context, autoescape=False))


def render(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """``<template>.subject.txt``, ``.txt`` and ``.html`` → (subject, text body, HTML body)."""
    context = {"base_url": settings.HELPDESK_BASE_URL.rstrip("/"), **context}
    subject = " ".join(_render_plain(f"{template}.subject.txt", context).split())
    text = _render_plain(f"{template}.txt", context).strip() + "\n"
    html = render_to_string(f"{template}.html", context)
    return subject[:255], text, html


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email (a calendar invitation): stored on the outbox row."""

    filename: str
    content_type: str
    content: str

    def as_row(self) -> dict[str, str]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "content": self.content,
        }


def enqueue(
    *,
    kind: str,
    recipient: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    ticket_number: int | None = None,
    at: datetime | None = None,
    cc: Iterable[str] = (),
    reply_to: str = "",
    in_reply_to: str = "",
    references: Iterable[str] = (),
    attachments: Iterable[Attachment] = (),
) -> bool:
    """Write one notification row in the caller's transaction; a second row with the same
    ``dedupe_key`` is silently not written. Returns False when there is nobody to write to.

    ``reply_to`` is where the answer goes (``addresses.reply_address``); ``in_reply_to`` and
    ``references`` are Message-IDs that thread the email with the ticket's earlier ones;
    ``attachments``: small text files sent with it (stored on the row, so a retry sends the
    same bytes)."""
    if not recipient:
        logger.warning("No email address for %s (%s); nothing queued.", kind, dedupe_key)
        return False
    at = at or timezone.now()
    subject, text, html = render(template, context)
    Notification.objects.bulk_create(
        [
            Notification(
                kind=kind,
                recipient=recipient,
                ticket_number=ticket_number,
                subject=subject,
                body_text=text,
                body_html=html,
                dedupe_key=dedupe_key[:255],
                message_id=message_id_for(dedupe_key[:255]),
                cc=[address for address in cc if address and address != recipient],
                reply_to=reply_to,
                in_reply_to=in_reply_to,
                references=" ".join(references),
                attachments=[attachment.as_row() for attachment in attachments],
                next_attempt_at=at,
                created_at=at,
            )
        ],
        ignore_conflicts=True,  # INSERT … ON CONFLICT DO NOTHING: one query, no savepoint
    )
    schedule_sender()
    return True


def retry(ids: Iterable[int], *, at: datetime | None = None) -> int:
    """Give failed (or waiting) rows a fresh set of attempts, due now. Sent rows stay sent."""
    at = at or timezone.now()
    with transaction.atomic():
        count = Notification.objects.filter(
            pk__in=list(ids), status__in=[Notification.Status.FAILED, Notification.Status.PENDING]
        ).update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=at)
        if count:
            schedule_sender()
    return count


def schedule_sender(using: str = DEFAULT_DB_ALIAS) -> None:
    """Publish the sender task once the current transaction commits (once per transaction)."""
    publish_on_commit(SEND_PENDING_TASK, fallback=SENDER_FALLBACK, using=using)


@dataclass(frozen=True)
class Outgoing:
    """A notification already written, for callers that queue many at once (sweeps)."""

    kind: str
    recipient: str
    subject: str
    body_text: str
    dedupe_key: str
    body_html: str = ""
    ticket_number: int | None = None


def enqueue_many(notes: Iterable[Outgoing], *, at: datetime | None = None) -> int:
    """Write many pre-rendered notifications in a few INSERTs (dedupe keys are respected)."""
    at = at or timezone.now()
    rows = [
        Notification(
            kind=note.kind,
            recipient=note.recipient,
            ticket_number=note.ticket_number,
            subject=note.subject[:255],
            body_text=note.body_text,
            body_html=note.body_html,
            dedupe_key=note.dedupe_key[:255],
            message_id=message_id_for(note.dedupe_key[:255]),
            next_attempt_at=at,
            created_at=at,
        )
        for note in notes
        if note.recipient
    ]
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        schedule_sender()
    return len(rows)
