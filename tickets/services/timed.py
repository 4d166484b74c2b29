"""What the ticket timers do to a ticket (called by ``tickets.sweeps`` on rows they hold locked)."""

from datetime import datetime

from django.utils import timezone

from .. import notify, timers
from ..models import Ticket
from ..states import Status
from ._common import _when, record_event
from .transitions import system_transition


def send_pending_reminder(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Pending long enough: remind the customer once, and start the auto-resolve countdown."""
    at = at or timezone.now()
    if ticket.status != Status.PENDING or ticket.reminder_sent_at is not None:
        return ticket
    timers.after_reminder(ticket, at)
    assert ticket.auto_resolve_at is not None  # after_reminder has just set it
    ticket.save(update_fields=["reminder_sent_at", "remind_at", "auto_resolve_at"])
    record_event(
        ticket,
        "Reminder sent to the customer. Without a reply the ticket resolves itself on "
        f"{_when(ticket.auto_resolve_at)}.",
        at=at,
    )
    notify.pending_reminder(ticket, at)
    return ticket


def auto_resolve(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Still no reply after the reminder: Resolved, with the reason on the timeline and an email."""
    at = at or timezone.now()
    reminded = ticket.reminder_sent_at or at
    system_transition(
        ticket,
        "auto_resolve",
        note=f"Resolved automatically: no reply since the reminder of {_when(reminded)}.",
        at=at,
    )
    notify.auto_resolved(ticket, at)
    return ticket


def expire_wait(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Waiting on Customer for too long: back to Open for staff (no email)."""
    since = ticket.waiting_since or ticket.status_changed_at
    return system_transition(
        ticket,
        "wait_expired",
        note=f"Back to Open: no reply from the customer since {_when(since)}.",
        at=at,
    )


def expire_hold(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """The hold ended: back to Open, the timeline saying so."""
    assert ticket.hold_until is not None  # hold() sets it; only leaving On Hold clears it
    return system_transition(
        ticket,
        "hold_expired",
        note=f"The hold ended on {_when(ticket.hold_until)}; the ticket is Open again.",
        at=at,
    )


def auto_close(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Resolved for long enough: Closed, and the customer is told a reply opens a new ticket."""
    at = at or timezone.now()
    resolved = ticket.resolved_at or ticket.status_changed_at
    system_transition(
        ticket, "auto_close", note=f"Closed automatically; resolved since {_when(resolved)}.", at=at
    )
    notify.ticket_closed(ticket, at)
    return ticket


# --- assignment and tags --------------------------------------------------------------------
