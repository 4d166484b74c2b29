"""What the desk's pages need from apps that depend on ``tickets`` (a small registry, so
dependencies keep pointing one way): ``sla`` registers the prefetch its queue badge reads, and
``selectors.desk_queue`` applies it to the rows of a page."""

from collections.abc import Callable

from django.db.models import Prefetch

_queue_row_prefetches: list[Callable[[], Prefetch]] = []


def register_queue_row_prefetch(prefetch: Callable[[], Prefetch]) -> None:
    """``prefetch() -> Prefetch`` of what a queue row shows from another app (its reverse
    relation to ``Ticket``); registered once in an AppConfig.ready."""
    if prefetch not in _queue_row_prefetches:
        _queue_row_prefetches.append(prefetch)


def queue_row_prefetches() -> list[Prefetch]:
    """The registered prefetches, built afresh for one queue page (one query each)."""
    return [prefetch() for prefetch in _queue_row_prefetches]
