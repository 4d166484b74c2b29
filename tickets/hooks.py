"""What the desk's pages need from apps that depend on ``tickets`` (a small registry, so
dependencies keep pointing one way): ``sla`` registers the prefetch its queue badge reads, and
``selectors.desk_queue`` applies it to the rows of a page; ``knowledge`` registers what its
macros do once the desk's reply form has sent a message."""

from collections.abc import Callable

from django.db.models import Prefetch
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
