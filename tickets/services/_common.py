"""What the ticket services share: the row lock, visibility, the transition log."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from helpdesk.core import fsm
from helpdesk.core.errors import NotFound

from .. import policies, signals
from ..models import Message, Ticket, TransitionLog
from ..states import MessageKind
from . import account_progress, alerts


@dataclass(frozen=True)
class ReplyOutcome:
    """What a posted message did: the message, and the ticket it landed on."""

    message: Message | None
    ticket: Ticket
    opened_new_ticket: bool = False


def _lock(ticket_id: int) -> Ticket:
    return fsm.lock(Ticket, ticket_id, "Ticket")


def _check_visible(actor, ticket: Ticket) -> None:
    if not policies.can_view_ticket(actor, ticket):
        raise NotFound(f"Ticket {ticket.pk} was not found.")


def _log(ticket: Ticket, name: str, source: str, actor, comment: str, at: datetime) -> None:
    log = TransitionLog.objects.create(
        ticket=ticket,
        transition=name,
        from_status=source,
        to_status=ticket.status,
        actor=actor,
        comment=comment,
        created_at=at,
    )
    signals.ticket_changed.send(
        sender=Ticket, ticket=ticket, at=at, transition=name, source=source, actor=actor
    )
    alerts.status_changed(log, ticket)
    account_progress.status_changed(log, ticket)


def _when(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%a %d %b %Y %H:%M %Z")


def add_system_note(ticket: Ticket, body: str, at: datetime | None = None) -> Message:
    """An internal note written by the helpdesk itself (timers, links between tickets)."""
    return Message.objects.create(
        ticket=ticket, kind=MessageKind.SYSTEM_NOTE, body=body, created_at=at or timezone.now()
    )


def record_event(ticket: Ticket, body: str, *, actor=None, at: datetime | None = None) -> Message:
    """A compact line on the ticket's timeline (staff only): who moved, assigned, tagged, linked
    or split it. Shown in the sidebar timeline beside the status changes, never in the
    conversation, and never to the customer. ``actor`` None: the helpdesk did it."""
    return Message.objects.create(
        ticket=ticket,
        kind=MessageKind.EVENT,
        body=body,
        author=actor,
        created_at=at or timezone.now(),
    )
