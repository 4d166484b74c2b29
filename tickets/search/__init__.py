"""Ticket search: the one query the desk, the portal and the API run.

``search(user, text, within=...)`` finds the tickets of ``within`` (a queryset already scoped to
what the user may see, and narrowed by any other filter) whose subject, description, intake
fields or messages match ``text``, best first. Customers match only public text: the ticket's
own fields and public replies, never an internal note. ``snippets`` then marks the matched words
in the text of one page of results, escaped first so no text a user wrote becomes markup.

On PostgreSQL it reads ``SearchDocument`` (a ``tsvector`` per ticket and per message, kept by
triggers, a GIN index): each row is read in its ticket's language (English or Spanish, stemming
and stop words) and ranked by weight (subject > description and intake fields > public replies
> internal notes). On SQLite (``make run``) it falls back to ``icontains`` on the same text.

The work is bounded: the ``CANDIDATES`` newest matching texts are ranked (fewer within a filter),
not every match, and
``postgres`` finds them in bounded steps, so a word on half the tickets, on a few thousand old
ones or on none costs about the same (docs/decisions/0012-search.md).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from helpdesk.core import roles

from ..models import Message, Ticket
from ..states import PUBLIC_MESSAGE_KINDS
from . import postgres
from .postgres import CANDIDATES, TICKET_TEXT

MAX_QUERY_LENGTH = 200
# ts_headline's marks: characters of Unicode's private use area, removed from the text first,
# so that after escaping, exactly the marks PostgreSQL placed become <mark>.
_START, _STOP = "\ue000", "\ue001"
_NUMBER = re.compile(r"#?\s*([0-9]{1,18})")
_TICKET_TEXT = TICKET_TEXT
_TICKET_FIELDS = ("subject", *_TICKET_TEXT, "version_seen", "browser")


@dataclass(frozen=True)
class Match:
    """One matching ticket: its rank, and the text that matched best (``message`` is the
    message's id, or None for the ticket's own fields)."""

    ticket_id: int
    rank: float
    message: int | None = None
    doc: int | None = None


@dataclass(frozen=True)
class Matches:
    """The matching tickets, best first; ``more``: the ranking stopped at ``CANDIDATES``."""

    text: str
    hits: list[Match]
    more: bool = False

    def __len__(self) -> int:
        return len(self.hits)


def clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def ticket_number(text: str) -> int | None:
    """``42`` or ``#42``: the ticket number a query names, else None."""
    found = _NUMBER.fullmatch(clean(text))
    return int(found.group(1)) if found else None


def _is_postgres(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def search(user, text: str, *, within: QuerySet[Ticket]) -> Matches:
    """The tickets of ``within`` matching ``text`` for ``user``, best first.

    A ticket number (``42``, ``#42``) puts that ticket first when it is in ``within``.
    """
    text = clean(text)
    if not text:
        return Matches(text="", hits=[])
    staff = roles.is_agent(user)
    if _is_postgres(within):
        matches = _search_postgres(text, within, staff)
    else:
        matches = _search_fallback(text, within, staff)
    number = ticket_number(text)
    if number is not None and number < 2**63 and within.filter(pk=number).exists():
        hits = [Match(ticket_id=number, rank=float("inf"))]
        hits += [m for m in matches.hits if m.ticket_id != number]
        matches = Matches(text=text, hits=hits, more=matches.more)
    return matches


def ranked(queryset: QuerySet[Ticket], matches: Matches) -> QuerySet[Ticket]:
    """``queryset`` narrowed to the matches, best first (the API's list)."""
    ids = [m.ticket_id for m in matches.hits]
    if not ids:
        return queryset.none()
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)))
    return queryset.filter(pk__in=ids).order_by(order)


# --- PostgreSQL -----------------------------------------------------------------------------


def _search_postgres(text: str, within: QuerySet[Ticket], staff: bool) -> Matches:
    rows, bound, _ = postgres.newest_matches(text, within, staff)
    hits = [
        Match(ticket_id=t, rank=r, message=m, doc=d)
        for d, t, m, r in postgres.best_per_ticket(rows)
    ]
    return Matches(text=text, hits=hits, more=len(rows) >= bound)


def statements(user, text: str, *, within: QuerySet[Ticket]) -> list[tuple[str, list[Any]]]:
    """The statements ``search`` runs on PostgreSQL for this query (the benchmark explains
    them)."""
    _, _, executed = postgres.newest_matches(clean(text), within, roles.is_agent(user))
    return executed


def _snippets_postgres(text: str, hits: Sequence[Match], db: str) -> dict[int, dict[str, str]]:
    docs = [m.doc for m in hits if m.doc is not None]
    if not docs:
        return {}
    rows = postgres.snippets(text, docs, db, _START, _STOP)
    return {tid: {"subject": s, "text": b} for tid, s, b in rows}


# --- SQLite (make run) ----------------------------------------------------------------------


def _search_fallback(text: str, within: QuerySet[Ticket], staff: bool) -> Matches:
    """Every word somewhere in the ticket's fields or its (visible) messages, case-blind;
    a subject match first, then the other fields, then a message; newest first within each."""
    words = text.lstrip("#").split()[:8]
    messages = Message.objects.filter(ticket=OuterRef("pk"))
    if not staff:
        messages = messages.filter(kind__in=PUBLIC_MESSAGE_KINDS)
    matched = Q()
    for word in words:
        in_fields = Q()
        for field in _TICKET_FIELDS:
            in_fields |= Q(**{f"{field}__icontains": word})
        matched &= in_fields | Q(Exists(messages.filter(body__icontains=word)))
    subject = Q()
    for word in words:
        subject &= Q(subject__icontains=word)
    rows = (
        within.filter(matched)
        .annotate(in_subject=Case(When(subject, then=Value(2)), default=Value(1)))
        .order_by("-in_subject", "-pk")
        .values_list("pk", "in_subject")[: CANDIDATES + 1]
    )
    hits = [Match(ticket_id=pk, rank=float(rank)) for pk, rank in rows]
    return Matches(text=text, hits=hits[:CANDIDATES], more=len(hits) > CANDIDATES)


def _excerpt(source: str, words: Sequence[str], width: int = 160) -> str:
    """The part of ``source`` around the first of ``words``, the words between the marks."""
    lowered = source.lower()
    starts = [lowered.find(w.lower()) for w in words if w and lowered.find(w.lower()) >= 0]
    if not starts:
        return ""
    begin = max(0, min(starts) - width // 3)
    piece = source[begin : begin + width]
    pattern = re.compile("|".join(re.escape(w) for w in words if w), re.IGNORECASE)
    marked = pattern.sub(lambda found: f"{_START}{found.group(0)}{_STOP}", piece)
    return ("… " if begin else "") + marked + (" …" if begin + width < len(source) else "")


def _snippets_fallback(user, text: str, hits: Sequence[Match]) -> dict[int, dict[str, str]]:
    words = [w for w in text.lstrip("#").split() if w][:8]
    ids = [m.ticket_id for m in hits]
    # The status too: the state machine reads it as each row loads.
    tickets = Ticket.objects.filter(pk__in=ids).only("status", *_TICKET_FIELDS)
    messages = Message.objects.filter(ticket_id__in=ids).order_by("-created_at", "-id")
    if not roles.is_agent(user):
        messages = messages.filter(kind__in=PUBLIC_MESSAGE_KINDS)
    bodies: dict[int, list[str]] = {}
    for ticket_id, body in messages.values_list("ticket_id", "body"):
        bodies.setdefault(ticket_id, []).append(body)
    found: dict[int, dict[str, str]] = {}
    for ticket in tickets:
        texts = [" ".join(getattr(ticket, f) for f in _TICKET_TEXT), *bodies.get(ticket.pk, [])]
        snippet = next((s for s in (_excerpt(t, words) for t in texts) if s), "")
        found[ticket.pk] = {"subject": _excerpt(ticket.subject, words, 200), "text": snippet}
    return found


# --- snippets ---------------------------------------------------------------------------------


def _marked(raw: str) -> SafeString:
    """Escape the text, then turn the marks into <mark>: only the marks become markup."""
    safe = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # escaped above: the only tags are ours


def snippets(user, matches: Matches, hits: Sequence[Match]) -> dict[int, dict[str, SafeString]]:
    """For each hit of one page: ``subject`` (the whole subject, matched words marked, or ""
    when none matched) and ``text`` (a few words around the matches in the best text), both
    escaped HTML where only ``<mark>`` is markup."""
    if not hits:
        return {}
    db = Ticket.objects.db
    if connections[db].vendor == "postgresql":
        raw = _snippets_postgres(matches.text, hits, db)
    else:
        raw = _snippets_fallback(user, matches.text, hits)
    shown: dict[int, dict[str, SafeString]] = {}
    for ticket_id, parts in raw.items():
        subject = parts["subject"] if _START in parts["subject"] else ""
        text = parts["text"] if _START in parts["text"] else ""
        shown[ticket_id] = {"subject": _marked(subject), "text": _marked(text)}
    return shown
