"""The ticket events ``tickets.services`` publish on the bus (``helpdesk.notifications.events``)
for the team's other tools: a ticket filed, a status changed.

Each is published inside the service's transaction, with a dedupe key that names the change, so
a replayed change is told once and a rolled-back one never. What goes in ``title`` and ``data``
is what staff may read anywhere: numbers, the subject, statuses, who did it. Never a message
body, never the comment of a transition (it may be internal).
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from helpdesk.notifications import events

from .models import Ticket, TransitionLog
from .states import Status


def desk_url(ticket: Ticket) -> str:
    path = reverse("desk-ticket", args=[ticket.pk])
    return settings.HELPDESK_BASE_URL.rstrip("/") + path


def _label(status: str) -> str:
    return Status(status).label if status in Status.values else status


def ticket_created(ticket: Ticket, at: datetime, actor=None) -> None:
    events.publish(
        events.Event(
            name=events.Name.TICKET_CREATED,
            at=at,
            dedupe_key=f"ticket-created:{ticket.pk}",
            title=f"New ticket #{ticket.pk}: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket),
            actor_id=actor.pk if actor is not None else None,
            data={
                "subject": ticket.subject,
                "status": ticket.status,
                "category": ticket.category,
                "priority": ticket.priority,
                "tier": ticket.tier.code if ticket.tier_id else None,
            },
        )
    )


def status_changed(log: TransitionLog, ticket: Ticket) -> None:
    """``log`` (just written) moved ``ticket`` from one status to another."""
    actor = log.actor
    events.publish(
        events.Event(
            name=events.Name.STATUS_CHANGED,
            at=log.created_at,
            dedupe_key=f"status-changed:{ticket.pk}:{log.pk}",
            title=(
                f"#{ticket.pk} {ticket.subject}: "
                f"{_label(log.from_status)} → {_label(log.to_status)}"
            ),
            ticket_number=ticket.pk,
            url=desk_url(ticket),
            actor_id=actor.pk if actor is not None else None,
            data={
                "subject": ticket.subject,
                "transition": log.transition,
                "from_status": log.from_status,
                "to_status": log.to_status,
                "by": actor.get_username() if actor is not None else None,
            },
        )
    )
