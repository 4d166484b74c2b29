"""Triage routes a new ticket (seed 003): "assign a T1 if there is not a backlog, adjust priority
level of relevant tickets if there is". Not an escalation: no questions, no message to the
customer, no Pending. The ticket moves to the chosen tier (its clock starts there), goes to the
chosen agent of that tier, and its priority and category change, in one transaction."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket, Tier
from tickets.policies import routes_tickets

from .. import selectors
from ._common import lock_ticket, require_active, require_tier


@dataclass
class Routed:
    ticket: Ticket
    changes: list[str] = field(default_factory=list)  # in words, for the page's message


def _target(value: Tier | str | None, current: Tier) -> Tier:
    if value is None or (isinstance(value, str) and not value.strip()):
        return current
    tier = value if isinstance(value, Tier) else selectors.tier_named(value, field="tier")
    if not selectors.route_targets().filter(pk=tier.pk).exists():
        raise ValidationFailed(
            f"Triage does not route to {tier.code}: escalate to it, so it is paged.",
            fields={"tier": ["Choose a tier other than On-Call."]},
        )
    return tier


def route(
    ticket: Ticket,
    *,
    actor,
    tier: Tier | str | None = None,
    assignee=None,
    priority: str = "",
    category: str = "",
    note: str = "",
    expected_tier: str | None = None,
    at: datetime | None = None,
) -> Routed:
    """Give ``ticket`` to ``tier`` (default: where it is) and ``assignee`` (an agent of that
    tier, or nobody), set its priority and category, and keep ``note`` as an internal note.
    Leads and the agents of the entry tier (Triage) may route; anything refused leaves the
    ticket as it was."""
    if not routes_tickets(actor):
        raise PermissionDenied("Only Triage and leads route tickets to agents.")
    note = (note or "").strip()
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        require_active(ticket, "route it")
        require_tier(ticket, expected_tier)
        if ticket.assignee_id not in (None, actor.pk) and not roles.is_lead(actor):
            raise PermissionDenied(
                f"Ticket #{ticket.pk} is held by someone else: only a lead reassigns it."
            )
        source = ticket.tier
        target = _target(tier, source)
        if assignee is not None:
            tickets.check_assignee(assignee)
            if not target.members.filter(pk=assignee.pk).exists():
                raise ValidationFailed(
                    f"{assignee.get_username()} is not an agent of {target.code}.",
                    fields={"assignee": [f"Choose an agent of {target.code}, or nobody."]},
                )
        result = Routed(ticket)
        # Checked first, so a bad choice refuses before anything moved.
        result.changes = tickets.reclassify(
            ticket, actor=actor, priority=priority, category=category, at=at
        )
        if target.pk != source.pk:
            ticket = tickets.move_to_tier(ticket, actor=actor, tier=target, at=at)
            result.changes.append(f"moved to {target.code}")
        if assignee is not None and assignee.pk != ticket.assignee_id:
            ticket = tickets.assign(ticket, actor=actor, assignee=assignee)
            result.changes.append(f"given to {assignee.get_username()}")
        if not result.changes and not note:
            raise ValidationFailed(
                "Nothing to change: choose a tier, an agent, a priority or a category.",
                fields={"tier": ["Choose what changes."]},
            )
        if note:
            tickets.add_internal_note(ticket, actor=actor, body=note)
        result.ticket = ticket
    return result
