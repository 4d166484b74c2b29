"""Seed 003-55: watchers (followers) of a ticket. An agent follows a ticket themselves, adds a
colleague, or removes one; an @mention in an internal note makes the agents named follow. A
follower hears of every status change and customer reply (``alerts.followed_changed``).

Only staff follow a ticket here (customers follow theirs through the portal and its CCs); the
list is internal: no portal page, email to the customer or customer API shows it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket
from tickets.selectors import assignable_agents

from ..models import TicketRouting
from ._common import lock_ticket, require_agent


def _staff_member(watcher):
    """The user named (a user or a username), refused unless an active member of staff."""
    user = None
    if isinstance(watcher, get_user_model()):
        user = watcher
    elif name := str(watcher or "").strip().lstrip("@"):
        user = get_user_model().objects.filter(username__iexact=name).first()
    if user is None or not roles.is_agent(user):
        shown = getattr(user, "username", None) or str(watcher or "").strip() or "Nobody"
        raise ValidationFailed(
            f"{shown} is not a member of staff: only agents and leads can watch a ticket.",
            fields={"watcher": ["Choose an agent or a lead."]},
        )
    return user


def add_watcher(ticket: Ticket, *, actor, watcher, at: datetime | None = None) -> bool:
    """``watcher`` (a user or a username) follows ``ticket``; False when they already did. The
    timeline says who added whom (an internal event)."""
    require_agent(actor, "add watchers")
    user = _staff_member(watcher)
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        routing, _ = TicketRouting.objects.get_or_create(ticket=ticket)
        if routing.followers.filter(pk=user.pk).exists():
            return False
        routing.followers.add(user)
        who, whom = actor.get_username(), user.get_username()
        text = (
            f"{who} follows this ticket."
            if user.pk == actor.pk
            else f"{who} added {whom} as a watcher."
        )
        tickets.record_event(ticket, f"**Watcher:** {text}", actor=actor, at=at)
    return True


def remove_watcher(ticket: Ticket, *, actor, watcher, at: datetime | None = None) -> bool:
    """``watcher`` no longer follows ``ticket``; False when they did not."""
    require_agent(actor, "remove watchers")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        user = _follower(ticket, watcher)
        if user is None:
            return False
        TicketRouting.followers.through.objects.filter(
            ticketrouting_id=ticket.pk, user_id=user.pk
        ).delete()
        who, whom = actor.get_username(), user.get_username()
        text = (
            f"{who} stopped following this ticket."
            if user.pk == actor.pk
            else f"{who} removed {whom} from the watchers."
        )
        tickets.record_event(ticket, f"**Watcher:** {text}", actor=actor, at=at)
    return True


def _follower(ticket: Ticket, watcher):
    users = get_user_model().objects.filter(followed_tickets__ticket_id=ticket.pk)
    if isinstance(watcher, get_user_model()):
        return users.filter(pk=watcher.pk).first()
    return users.filter(username__iexact=str(watcher or "").strip().lstrip("@")).first()


def follow_mentioned(ticket: Ticket, user_ids: Iterable[int]) -> int:
    """The staff an internal note @mentioned follow the ticket (in the note's transaction);
    how many started to."""
    wanted = set(assignable_agents().filter(pk__in=list(user_ids)).values_list("pk", flat=True))
    if not wanted:
        return 0
    routing, _ = TicketRouting.objects.get_or_create(ticket_id=ticket.pk)
    already = set(routing.followers.filter(pk__in=wanted).values_list("pk", flat=True))
    new = sorted(wanted - already)
    routing.followers.add(*new)
    return len(new)
