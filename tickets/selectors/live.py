"""The reads of the desk's live poll (docs/decisions/0013-live-updates.md): one indexed query."""

from dataclasses import dataclass
from typing import Any

from django.db.models import FilteredRelation, Q

from helpdesk.core.errors import NotFound

from ..models import PRESENCE_TTL, Ticket
from . import tickets_visible_to


@dataclass(frozen=True)
class Viewer:
    """An agent with the ticket page open: ``typing`` while their reply box holds text."""

    user_id: int
    name: str
    seen_at: Any
    typing_since: Any

    @property
    def typing(self) -> bool:
        return self.typing_since is not None


@dataclass(frozen=True)
class LiveState:
    """What the ticket page's poll compares: the ticket's version (its ``updated_at``, which
    every service that changes what the page shows moves) and who else is on the page."""

    version: str
    others: list[Viewer]
    me: Viewer | None

    @property
    def presence_key(self) -> str:
        return ".".join(f"{v.user_id}{'t' if v.typing else ''}" for v in self.others)


def live_state(user, number, now) -> LiveState:
    """ONE query: the ticket row by primary key, LEFT JOINed to its presence rows seen within
    ``PRESENCE_TTL`` (the unique (ticket, user) index) and their users. NotFound if the user
    may not see the ticket."""
    rows = list(
        tickets_visible_to(user)
        .filter(pk=number)
        .annotate(
            live=FilteredRelation(
                "presences", condition=Q(presences__seen_at__gte=now - PRESENCE_TTL)
            )
        )
        .order_by("live__user__username")
        .values_list(
            "updated_at",
            "live__user_id",
            "live__user__username",
            "live__seen_at",
            "live__typing_since",
        )
    )
    if not rows:
        raise NotFound(f"Ticket {number} was not found.")
    viewers = [Viewer(*row[1:]) for row in rows if row[1] is not None]
    return LiveState(
        version=live_version(rows[0][0]),
        others=[v for v in viewers if v.user_id != user.pk],
        me=next((v for v in viewers if v.user_id == user.pk), None),
    )


def live_version(updated_at) -> str:
    """The token a page carries for the state it shows: microseconds of ``updated_at``."""
    return str(int(updated_at.timestamp() * 1_000_000))


def any_ticket_changed_since(since) -> bool:
    """The queue's poll: one probe of the ``updated_at`` index."""
    return Ticket.objects.filter(updated_at__gt=since).exists()
