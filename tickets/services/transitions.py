"""Status transitions: by a person (desk, portal, API, admin) or by the helpdesk itself."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from helpdesk.core import fsm
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import notify, timers
from ..errors import TransitionNotAllowed
from ..models import Ticket
from ..selectors import available_transitions
from ._common import _check_visible, _lock, _log

MAX_HOLD_DAYS = 365


def _enter(ticket: Ticket, name: str, at: datetime, **arguments) -> None:
    """Take transition ``name`` and arm the timer of the status it enters. No save."""
    getattr(ticket, name)(at=at, **arguments)
    timers.arm(ticket, at)


def _not_allowed(ticket: Ticket, name: str, actor) -> TransitionNotAllowed:
    allowed = [item["name"] for item in available_transitions(ticket, actor)]
    return fsm.refusal(
        f"Cannot {name.replace('_', ' ')} ticket #{ticket.pk}: it is "
        f"{ticket.get_status_display()}. Allowed now: {', '.join(allowed) or 'none'}.",
        field="status",
        state=ticket.status,
        allowed=allowed,
    )


def manual_transition_names() -> frozenset[str]:
    return fsm.manual_transition_names(Ticket, "status")


def check_request(name: str, *, comment: str = "", hold_days: int | None = None) -> None:
    """Refuse (400) what no ticket could take, whatever its status: a transition a person may
    not ask for by name, Send to Review without its reason, Hold without its days.
    ``transition`` asks first; a bulk change asks once for all its tickets."""
    fsm.check_manual(Ticket, "status", name)
    if name == "request_review" and not (comment or "").strip():
        raise ValidationFailed(
            "Say what needs reviewing.", fields={"comment": ["A review needs a reason."]}
        )
    if name == "hold" and (hold_days is None or not 1 <= int(hold_days) <= MAX_HOLD_DAYS):
        raise ValidationFailed(
            "Say how many days to hold the ticket.",
            fields={"hold_days": [f"A whole number of days from 1 to {MAX_HOLD_DAYS}."]},
        )


def close_reason_problem(name: str, comment: str) -> str:
    """Why a person's Close is refused on the desk ("" when it is not): closing is final (a
    customer's reply then opens a new ticket), so the desk asks for the reason, which the
    timeline shows. The ticket page's Close and every bulk Close (desk and API) ask it; the
    single-ticket API leaves the reason optional, as it always has."""
    if name == "close" and not (comment or "").strip():
        return "Say why the ticket is closed."
    return ""


def transition(
    ticket: Ticket,
    *,
    actor,
    name: str,
    comment: str = "",
    hold_days: int | None = None,
    expected_status: str | None = None,
) -> Ticket:
    """A person moves a ticket to another status.

    ``expected_status`` is the status the person saw: if the ticket has moved since, the change
    is refused as a conflict rather than applied on top of someone else's.
    """
    _check_visible(actor, ticket)
    check_request(name, comment=comment, hold_days=hold_days)
    comment = (comment or "").strip()
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if expected_status and ticket.status != expected_status:
            error = _not_allowed(ticket, name, actor)
            error.message = (
                f"Ticket #{ticket.pk} changed while you were looking at it: it is now "
                f"{ticket.get_status_display()}. Nothing was applied."
            )
            raise error
        method = getattr(ticket, name)
        if not can_proceed(method):
            raise _not_allowed(ticket, name, actor)
        if not has_transition_perm(method, actor):
            raise PermissionDenied(f"You may not {name.replace('_', ' ')} this ticket.")
        source = ticket.status
        if name == "hold":
            assert hold_days is not None  # a hold without days was refused above
            _enter(ticket, name, at, until=timers.hold_until(at, int(hold_days)))
        else:
            _enter(ticket, name, at)
        ticket.updated_at = at
        ticket.save()
        _log(ticket, name, source, actor, comment, at)
        if name == "close":
            notify.ticket_closed(ticket, at)
    return ticket


def back_to_work(ticket: Ticket, *, actor, note: str = "", at=None) -> Ticket:
    """An escalation hands the ticket to the next tier: a ticket Pending or Waiting on the
    customer is Open again, so the new tier's SLA clock runs and the customer's portal reads
    "We're working on it". Any other status stays. Escalation calls it in its transaction."""
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if not can_proceed(ticket.escalated):
            return ticket
        source = ticket.status
        _enter(ticket, "escalated", at)
        ticket.updated_at = at
        ticket.save()
        _log(ticket, "escalated", source, actor, note, at)
    return ticket


def system_transition(ticket: Ticket, name: str, *, note: str = "", at=None) -> Ticket:
    """A transition the helpdesk takes itself (timers). The caller holds the row lock. ``note``
    is the transition log's comment: the timeline shows it under the status change."""
    at = at or timezone.now()
    source = ticket.status
    _enter(ticket, name, at)
    ticket.updated_at = at
    ticket.save()
    _log(ticket, name, source, None, note, at)  # the note shows on the timeline as its comment
    return ticket
