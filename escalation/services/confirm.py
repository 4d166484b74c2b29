"""A lead confirms or declines an escalation to On-Call held in working hours (seed 003).

Confirm applies the escalation exactly as the agent wrote it (``escalate.apply_up``, as the
agent, so the customer's transition comment is theirs), and the page goes out as always
(``oncall.raise_alert``). Decline keeps the ticket in the tier it came from, with the lead's
reason in a note. Both lock the ticket, then the request: two leads at once, one wins and the
other is told it was decided (409).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket

from ..errors import NoAwaitingRequest, TierChanged
from ..models import Escalation, OnCallRequest
from ..states import RequestState
from ._common import lock_ticket, require_active
from .escalate import apply_up


def _require_lead(actor, what: str) -> None:
    if not roles.is_lead(actor):
        raise PermissionDenied(f"Only leads may {what} an escalation to On-Call.")


def _awaiting(ticket: Ticket) -> OnCallRequest:
    request = (
        OnCallRequest.objects.select_for_update()
        .filter(ticket=ticket, state=RequestState.AWAITING)
        .first()
    )
    if request is None:
        last = (
            OnCallRequest.objects.filter(ticket=ticket)
            .exclude(state=RequestState.AWAITING)
            .select_related("decided_by")
            .first()
        )
        if last is not None and last.decided_by is not None:
            raise NoAwaitingRequest(
                f"{last.decided_by.get_username()} already {last.state} the escalation of "
                f"#{ticket.pk} to On-Call. Nothing was applied.",
                current_state=last.state,
            )
        raise NoAwaitingRequest(
            f"No escalation of #{ticket.pk} to On-Call waits for a lead's confirmation."
        )
    return request


def _decided(request: OnCallRequest, state: str, actor, at: datetime, **fields) -> None:
    request.state = state
    request.decided_by = actor
    request.decided_at = at
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()


def confirm(ticket: Ticket, *, actor, at: datetime | None = None) -> Escalation:
    """The lead confirms: the escalation is applied and On-Call is paged."""
    _require_lead(actor, "confirm")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        request = _awaiting(ticket)
        require_active(ticket, "escalate it")
        if ticket.tier_id != request.from_tier_id:
            raise TierChanged(
                f"Ticket #{ticket.pk} moved to {ticket.tier} after the escalation was asked "
                "for: decline it, and escalate again from where the ticket is now.",
                current_tier=ticket.tier.code,
            )
        escalation = apply_up(
            ticket,
            actor=request.requested_by,
            source=request.from_tier,
            target=request.to_tier,
            questions=list(request.questions),
            findings=request.findings,
            customer_message=request.customer_message,
            set_pending=request.set_pending,
            at=at,
        )
        _decided(request, RequestState.CONFIRMED, actor, at, escalation=escalation)
        tickets.add_internal_note(
            ticket,
            actor=actor,
            body=f"**{actor.get_username()} confirmed the escalation to {request.to_tier.code}.** "
            "On-Call is paged.",
        )
    return escalation


def decline(ticket: Ticket, *, actor, reason: str, at: datetime | None = None) -> OnCallRequest:
    """The lead declines, with a reason: the ticket stays in the tier it came from."""
    _require_lead(actor, "decline")
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Say why On-Call is not needed.",
            fields={"reason": ["Write the reason the agent reads."]},
        )
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        request = _awaiting(ticket)
        _decided(request, RequestState.DECLINED, actor, at, decline_reason=reason)
        tickets.add_internal_note(
            ticket,
            actor=actor,
            body=f"**{actor.get_username()} declined the escalation to {request.to_tier.code}**: "
            f"{reason}\n\nThe ticket stays in {ticket.tier.code}; nobody was paged.",
        )
    return request
