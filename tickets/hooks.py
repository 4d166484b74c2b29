"""What the desk's pages need from apps that depend on ``tickets`` (a small registry, so
dependencies keep pointing one way): ``sla`` registers the prefetch its queue badge reads, which
``selectors.desk_queue`` applies to the rows of a page, and the queue's "SLA due" order, which
``selectors.sorting`` offers beside the orders of the tickets' own columns; ``knowledge``
registers what its macros do once the desk's reply form has sent a message."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict

_queue_row_prefetches: list[Callable[[], Prefetch]] = []


def register_queue_row_prefetch(prefetch: Callable[[], Prefetch]) -> None:
    """``prefetch() -> Prefetch`` of what a queue row shows from another app (its reverse
    relation to ``Ticket``); registered once in an AppConfig.ready."""
    if prefetch not in _queue_row_prefetches:
        _queue_row_prefetches.append(prefetch)


def queue_row_prefetches() -> list[Prefetch]:
    """The registered prefetches, built afresh for one queue page (one query each)."""
    return [prefetch() for prefetch in _queue_row_prefetches]


@dataclass(frozen=True)
class QueueSort:
    """One order of the desk queue and the tickets API: ``key`` in the query string (``-key``
    is the other direction), the column header it sorts, and each direction in words
    ("top priority first, then oldest"). ``order(tickets, descending)`` returns the tickets
    in that order, in the same statement (an annotation or a subquery, never a query per row).
    """

    key: str
    column: str
    ascending: str
    descending: str
    order: Callable[[QuerySet[Any], bool], QuerySet[Any]]


_queue_sorts: dict[str, QueueSort] = {}


def register_queue_sort(sort: QueueSort) -> None:
    """An order another app offers (``sla``: by the SLA clock's next colour change); registered
    once in an AppConfig.ready."""
    _queue_sorts.setdefault(sort.key, sort)


def queue_sorts() -> list[QueueSort]:
    """The registered orders, in the order they were registered."""
    return list(_queue_sorts.values())


# (level, text): a message for the page after the reply (``django.contrib.messages`` levels).
Notice = tuple[int, str]
_after_desk_reply: list[Callable[..., list[Notice]]] = []


def register_after_desk_reply(handler: Callable[..., list[Notice]]) -> None:
    """``handler(ticket, *, actor, action, data) -> [(level, text)]``: called after the desk's
    reply form sent a reply or a note (``action``: "reply", "reply_pending", "note"), with the
    form's POST data; registered once in an AppConfig.ready."""
    if handler not in _after_desk_reply:
        _after_desk_reply.append(handler)


def after_desk_reply(ticket, *, actor, action: str, data: QueryDict) -> list[Notice]:
    """What the registered handlers did after the reply, as messages for the page."""
    notices: list[Notice] = []
    for handler in _after_desk_reply:
        notices += handler(ticket, actor=actor, action=action, data=data)
    return notices
