"""Follow-up activities in an agent's list: planned by hand (after an email or a call, seed
000) or by the call services, and marked done. The one writer of ``FollowUp`` rows."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tickets.models import Ticket

from .. import policies, selectors
from ..models import FollowUp, TechnicalCall
from ._common import require_agent


def _create(*, ticket, agent, due_on: date, note: str, at: datetime, call=None) -> FollowUp:
    return FollowUp.objects.create(
        ticket=ticket, agent=agent, due_on=due_on, note=note, call=call, created_at=at
    )


def follow_up_call(call: TechnicalCall, due_on: date, note: str, at: datetime) -> FollowUp:
    """The follow-up a held call or a no-show leaves in the call agent's list (inside the call
    service's transaction; the caller has checked the actor)."""
    return _create(ticket=call.ticket, agent=call.agent, due_on=due_on, note=note, at=at, call=call)


def add_follow_up(
    *, actor, ticket: Ticket, due_on: date, note: str, agent=None, at: datetime | None = None
) -> FollowUp:
    """Plan a follow-up activity on a ticket (after an email or a call: seed 000)."""
    require_agent(actor, "plan follow-ups")
    agent = agent or actor
    if not policies.can_log_for(actor, agent):
        raise PermissionDenied("You may plan follow-ups for yourself; leads for any agent.")
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = ["Say what to follow up on."]
    elif len(note) > 300:
        errors["note"] = ["At most 300 characters."]
    if due_on is None or due_on < selectors.today():
        errors["due_on"] = ["Choose today or a later day."]
    if errors:
        raise ValidationFailed("The follow-up has invalid fields.", fields=errors)
    return _create(ticket=ticket, agent=agent, due_on=due_on, note=note, at=at or timezone.now())


def complete_follow_up(follow_up: FollowUp, *, actor, at: datetime | None = None) -> FollowUp:
    """Mark a follow-up done: its agent or a lead, once."""
    at = at or timezone.now()
    with transaction.atomic():
        try:
            follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        except FollowUp.DoesNotExist:
            raise NotFound(f"Follow-up {follow_up.pk} was not found.") from None
        if not policies.can_handle_follow_up(actor, follow_up):
            raise PermissionDenied("Only its agent or a lead may mark a follow-up done.")
        if follow_up.done_at is not None:
            raise Conflict("This follow-up is done already.")
        follow_up.done_at = at
        follow_up.save(update_fields=["done_at"])
    return follow_up
