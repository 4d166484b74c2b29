"""Helpers shared by the escalation services: locking, tags, permission checks."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from helpdesk.core.errors import NotFound, PermissionDenied
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import ACTIVE_STATUSES

from .. import policies
from ..errors import TicketNotActive, TierChanged


def lock_ticket(ticket_id: int) -> Ticket:
    """The ticket row, locked for the rest of the transaction.

    No join in the locking query: on PostgreSQL, a row that another transaction updates while
    we wait is re-checked against the join, and a changed ``tier_id`` would no longer match the
    tier row read before the wait, so the ticket would vanish from the result. Its tier is
    read after the lock instead (one more query).
    """
    try:
        return Ticket.objects.select_for_update().get(pk=ticket_id)
    except Ticket.DoesNotExist:
        raise NotFound(f"Ticket {ticket_id} was not found.") from None


def require_agent(actor, what: str) -> None:
    if not policies.may_escalate(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def require_active(ticket: Ticket, what: str) -> None:
    if ticket.status not in ACTIVE_STATUSES:
        raise TicketNotActive(
            f"Ticket #{ticket.pk} is {ticket.get_status_display()}: reopen it before you {what}.",
            current_status=ticket.status,
        )


def require_tier(ticket: Ticket, expected_tier: str | None) -> None:
    """Refuse when the ticket changed tier since the agent looked: someone else moved it."""
    if not expected_tier:
        return
    tier = ticket.tier
    if expected_tier.lower() not in {tier.code.lower(), tier.slug.lower()}:
        raise TierChanged(
            f"Ticket #{ticket.pk} moved to {tier} while you were looking at it. Nothing was "
            "applied; check the ticket and try again.",
            current_tier=tier.code,
        )


def add_tags(ticket: Ticket, *, actor, names: Iterable[str]) -> list[str]:
    """Add tags (keeping the current ones); returns the names that were new on the ticket."""
    return tickets.change_tags(ticket, actor=actor, add=names).added


def when(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%a %d %b %Y %H:%M")
