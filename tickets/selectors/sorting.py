"""The orders of the desk queue and the tickets API: ``sort=priority``, ``sort=-created``…

The tickets' own columns sort here; other apps add theirs through ``tickets.hooks`` (``sla``:
"SLA due"). A descending order is the exact reverse of its ascending one (ties included), so one
index serves both directions: ``ticket_desk_active_idx`` (priority), ``ticket_desk_created_idx``
(age) and ``ticket_desk_activity_idx`` (last activity) for the active statuses.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from .. import hooks
from ..hooks import QueueSort

DEFAULT_SORT = "priority"


def _by(*fields: str):
    def order(tickets: QuerySet[Any], descending: bool) -> QuerySet[Any]:
        return tickets.order_by(
            *(F(name).desc() if descending else F(name).asc() for name in fields)
        )

    return order


OWN_SORTS = (
    QueueSort(
        key="priority",
        column="Priority",
        ascending="top priority first, then oldest",
        descending="lowest priority first, then newest",
        order=_by("priority_order", "created_at", "id"),
    ),
    QueueSort(
        key="created",
        column="Age",
        ascending="oldest first",
        descending="newest first",
        order=_by("created_at", "id"),
    ),
    QueueSort(
        key="activity",
        column="Last activity",
        ascending="least recent activity first",
        descending="most recent activity first",
        order=_by("updated_at", "id"),
    ),
)


def queue_sorts() -> dict[str, QueueSort]:
    """Every order by key: the tickets' own, then those other apps registered."""
    return {sort.key: sort for sort in (*OWN_SORTS, *hooks.queue_sorts())}


@dataclass(frozen=True)
class Sorting:
    """One order as the query string names it: ``sort`` is ``key`` or ``-key``."""

    sort: QueueSort
    descending: bool

    @property
    def value(self) -> str:
        return f"-{self.sort.key}" if self.descending else self.sort.key

    @property
    def description(self) -> str:
        return self.sort.descending if self.descending else self.sort.ascending


def sort_values() -> list[tuple[str, str]]:
    """(value, description) of every order, each column ascending then descending: the
    choices of the queue's "Order" menu and of the API's ``ordering``."""
    values = []
    for sort in queue_sorts().values():
        values.append((sort.key, sort.ascending[:1].upper() + sort.ascending[1:]))
        values.append((f"-{sort.key}", sort.descending[:1].upper() + sort.descending[1:]))
    return values


def sorting(value: str) -> Sorting:
    """The order ``value`` names; the default (top priority first, then oldest) when it names
    none (callers validate: an unknown value never gets this far from a form)."""
    sorts = queue_sorts()
    key = value.removeprefix("-")
    if key not in sorts:
        return Sorting(sorts[DEFAULT_SORT], False)
    return Sorting(sorts[key], value.startswith("-"))


def sort_tickets(tickets: QuerySet[Any], value: str) -> QuerySet[Any]:
    """``tickets`` in the order ``value`` names (``sorting``)."""
    chosen = sorting(value)
    return chosen.sort.order(tickets, chosen.descending)
