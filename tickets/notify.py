"""The emails a ticket's customer receives, written to the outbox by ``tickets.services``.

Each function renders one template under ``tickets/emails/`` and enqueues it in the caller's
transaction with a dedupe key naming the event, so replaying the event never mails twice. Only
public things are ever put in an email: internal and system notes never reach the customer.
"""

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from helpdesk.core.markdown import render_markdown
from helpdesk.notifications import services as outbox

from .models import Message, Ticket
from .states import CATEGORY_HINTS, MessageKind


class Kind:
    TICKET_RECEIVED = "ticket_received"
    PUBLIC_REPLY = "public_reply"
    PENDING_REMINDER = "pending_reminder"
    AUTO_RESOLVED = "auto_resolved"
    TICKET_CLOSED = "ticket_closed"
    FOLLOW_UP_OPENED = "follow_up_opened"


def _iso(instant: datetime | None) -> str:
    return instant.astimezone(UTC).isoformat() if instant else "-"


def portal_url(ticket: Ticket) -> str:
    path = reverse("portal-ticket", kwargs={"number": ticket.pk})
    return settings.HELPDESK_BASE_URL.rstrip("/") + path


def _enqueue(ticket: Ticket, kind: str, key: str, at: datetime, **context: Any) -> bool:
    return outbox.enqueue(
        kind=kind,
        recipient=ticket.requester.email,
        template=f"tickets/emails/{kind}",
        context={"ticket": ticket, "ticket_url": portal_url(ticket), **context},
        dedupe_key=key,
        ticket_number=ticket.pk,
        at=at,
    )


def ticket_received(ticket: Ticket, at: datetime) -> bool:
    target = CATEGORY_HINTS.get(ticket.category, ("", ""))[1]
    return _enqueue(
        ticket, Kind.TICKET_RECEIVED, f"ticket-received:{ticket.pk}", at, first_response=target
    )


def follow_up_opened(ticket: Ticket, at: datetime) -> bool:
    """A reply to a closed ticket opened ``ticket``; tell the customer its new number."""
    return _enqueue(
        ticket,
        Kind.FOLLOW_UP_OPENED,
        f"follow-up-opened:{ticket.pk}",
        at,
        closed=ticket.linked_from,
    )


def public_reply(ticket: Ticket, message: Message, at: datetime) -> bool:
    if message.kind != MessageKind.PUBLIC_REPLY:
        raise ValueError(f"only public replies are emailed, not {message.kind}")
    return _enqueue(
        ticket,
        Kind.PUBLIC_REPLY,
        f"public-reply:{message.pk}",
        at,
        message=message,
        body_html=render_markdown(message.body),
        attachments=[a.filename for a in message.attachments.all()],
    )


def pending_reminder(ticket: Ticket, at: datetime) -> bool:
    """One per Pending spell: the key names the instant the ticket entered Pending."""
    return _enqueue(
        ticket,
        Kind.PENDING_REMINDER,
        f"pending-reminder:{ticket.pk}:{_iso(ticket.pending_since)}",
        at,
    )


def auto_resolved(ticket: Ticket, at: datetime) -> bool:
    return _enqueue(
        ticket, Kind.AUTO_RESOLVED, f"auto-resolved:{ticket.pk}:{_iso(ticket.resolved_at)}", at
    )


def ticket_closed(ticket: Ticket, at: datetime) -> bool:
    return _enqueue(
        ticket, Kind.TICKET_CLOSED, f"ticket-closed:{ticket.pk}:{_iso(ticket.closed_at)}", at
    )
