"""The search on PostgreSQL: the newest matching texts, found by a bounded amount of work.

A word can be on a few tickets or on half of them, and PostgreSQL's planner cannot tell an AND of
common words that always come together from one that never does (it multiplies their
frequencies). So the search does not leave the choice of plan to one statement; it reads in
steps, each bounded, newest texts first, until it has ``CANDIDATES`` matches (``SCOPED_CANDIDATES``
within a filter: the matches outside the filter cost reading too):

0. A scope of at most ``SMALL`` tickets (a customer's own) is read through its tickets' index:
   the work is that customer's texts, whatever the word.
1. **The walk**: the newest ``WALK`` documents in id order, each tested against the query. A
   common word finds its matches here and the search stops. Cost: at most ``WALK`` rows.
2. If the walk found few, its share of matches estimates how many the older documents hold
   (counted outside the scope too, since a read of the index finds those as well):
   - few expected (``RARE``, or none at all): one read of the GIN index over all the older
     documents; the work is the matches.
   - many expected: the GIN index over the newest **buckets** of tickets that should hold the
     matches still needed (every document carries a ``~<ticket >> 14>`` lexeme, migration
     0020), then the next buckets, until enough. The work is the matches in those buckets.

Every statement orders by ``id + 0`` (not a walk of the primary key) or reads a fenced range
(``OFFSET 0``), so the planner has one sensible plan for each. Each matching text is ranked in its
own language; a ticket then ranks by its best text. See docs/decisions/0012-search.md.
"""

import math
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from ..models import Ticket

# How many of the newest matching texts are ranked; past it the count shows "1,000+".
CANDIDATES = 1_000
# The same within a filter (a status, a customer's tickets): the matches outside it cost reading
# too, so a filtered search ranks fewer (five pages of results).
SCOPED_CANDIDATES = 250
# Documents read newest first before the index is asked (a few milliseconds of reading).
WALK = 50_000
# Expected matches in the older documents below which one read of the index is cheapest.
RARE = 5_000
# Bucket lexemes: ticket numbers >> BUCKET_SHIFT (tickets_search_bucket in migration 0020).
BUCKET_SHIFT = 14
# Buckets are chosen to hold this many times the matches still needed.
SPARE = 1.5
# A scope of at most this many tickets (a customer's own) is searched through its tickets.
SMALL = 2_000

_QUERY = {
    "en": "websearch_to_tsquery('english'::regconfig, %s)",
    "es": "websearch_to_tsquery('spanish'::regconfig, %s)",
}
# A text matches when it holds the English or the Spanish form of the query…
_EITHER = f"({_QUERY['en']} || {_QUERY['es']})"
# …and is ranked against the form of its own language.
_OWN = f"CASE WHEN d.language = 'es' THEN {_QUERY['es']} ELSE {_QUERY['en']} END"

# The ticket's own texts besides the subject, as the migration's trigger joins them.
TICKET_TEXT = ("description", "steps_to_reproduce", "error_text", "production_url")

Row = tuple[int, int, int | None, float]  # document id, ticket, message, rank


class _Statements:
    """The statements of one search: the query text, who asks, and the caller's scope."""

    def __init__(self, text: str, within: QuerySet[Ticket], staff: bool):
        self.text = text
        self.db = within.db
        scope_sql, scope_params = within.order_by().values("pk").query.sql_with_params()
        self.scope_sql = scope_sql
        # Every ticket (an agent without filters): no scope to join.
        if within.query.where:
            self.scope, self.scope_params = f"AND d.ticket_id IN ({scope_sql})", list(scope_params)
        else:
            self.scope, self.scope_params = "", []
        self.public = "" if staff else "AND d.public"
        self.executed: list[tuple[str, list[Any]]] = []

    def _run(self, sql: str, params: list[Any]) -> list[tuple]:
        self.executed.append((sql, params))
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def walk(self, limit: int) -> tuple[int, int, list[Row]]:
        """The newest ``WALK`` documents: (newest document id, newest ticket, matches)."""
        sql = f"""
            WITH top AS (
                SELECT coalesce(max(id), 0) AS doc,
                       (SELECT coalesce(max(ticket_id), 0) FROM tickets_searchdocument) AS ticket
                  FROM tickets_searchdocument
            )
            SELECT top.doc, top.ticket, w.id, w.ticket_id, w.message_id,
                   ts_rank(w.vector, {_OWN.replace("d.language", "w.language")})
              FROM top LEFT JOIN LATERAL (
                    SELECT d.id, d.ticket_id, d.message_id, d.vector, d.language
                      FROM (SELECT * FROM tickets_searchdocument AS d
                             WHERE d.id > top.doc - %s ORDER BY d.id DESC OFFSET 0) AS d
                     WHERE d.vector @@ {_EITHER} {self.scope} {self.public}
                     LIMIT %s
                   ) AS w ON true
        """
        text = self.text
        params = [text, text, WALK, text, text, *self.scope_params, limit]
        rows = self._run(sql, params)
        top_doc, top_ticket = rows[0][0], rows[0][1]
        found = [(r[2], r[3], r[4], r[5]) for r in rows if r[2] is not None]
        return top_doc, top_ticket, found

    def scope_tickets(self, limit: int) -> list[int]:
        """Up to ``limit`` tickets of the scope (to tell a small scope from a large one)."""
        sql = f"SELECT s.pk FROM ({self.scope_sql}) AS s LIMIT %s"
        return [r[0] for r in self._run(sql, [*self.scope_params, limit])]

    def among(self, tickets: list[int], limit: int) -> list[Row]:
        """The newest matches among the texts of ``tickets`` (read through their index)."""
        sql = f"""
            SELECT d.id, d.ticket_id, d.message_id, ts_rank(d.vector, {_OWN})
              FROM (SELECT * FROM tickets_searchdocument AS d
                     WHERE d.ticket_id = ANY(%s) OFFSET 0) AS d
             WHERE d.vector @@ {_EITHER} {self.public}
             ORDER BY d.id + 0 DESC
             LIMIT %s
        """
        text = self.text
        return [tuple(r) for r in self._run(sql, [text, text, tickets, text, text, limit])]

    def recent_count(self, above_doc: int) -> int:
        """How many of the documents after ``above_doc`` match, whatever the scope (what a read
        of the index costs is the matches it finds, in the scope or not)."""
        sql = f"""
            SELECT count(*)
              FROM (SELECT d.vector, d.public FROM tickets_searchdocument AS d
                     WHERE d.id > %s ORDER BY d.id DESC OFFSET 0) AS d
             WHERE d.vector @@ {_EITHER} {self.public}
        """
        return self._run(sql, [above_doc, self.text, self.text])[0][0]

    def older(self, below_doc: int, limit: int, buckets: range | None = None) -> list[Row]:
        """Matches among the documents up to ``below_doc`` (and in ``buckets`` of tickets),
        newest first, from the GIN index."""
        text = self.text
        if buckets is None:
            match, match_params = f"d.vector @@ {_EITHER}", [text, text]
        else:
            names = " | ".join(f"'~{b}'" for b in buckets)
            match = f"d.vector @@ ({_EITHER} && %s::tsquery)"
            match_params = [text, text, names]
        sql = f"""
            SELECT d.id, d.ticket_id, d.message_id, ts_rank(d.vector, {_OWN})
              FROM (SELECT d.id, d.ticket_id, d.message_id, d.vector, d.language
                      FROM tickets_searchdocument AS d
                     WHERE {match} AND d.id + 0 <= %s {self.scope} {self.public}
                     ORDER BY d.id + 0 DESC
                     LIMIT %s) AS d
        """
        params = [text, text, *match_params, below_doc, *self.scope_params, limit]
        return [tuple(r) for r in self._run(sql, params)]


def newest_matches(
    text: str, within: QuerySet[Ticket], staff: bool
) -> tuple[list[Row], int, list[tuple[str, list[Any]]]]:
    """Up to ``CANDIDATES`` matching texts (``SCOPED_CANDIDATES`` within a filter), newest
    first; that bound; and the statements that found them."""
    run = _Statements(text, within, staff)
    wanted = SCOPED_CANDIDATES if run.scope else CANDIDATES
    if run.scope:
        few = run.scope_tickets(SMALL + 1)
        if len(few) <= SMALL:
            return run.among(few, wanted), wanted, run.executed
    top_doc, top_ticket, found = run.walk(wanted)
    below = top_doc - WALK  # the documents the walk did not read: id <= below
    if len(found) >= wanted or below <= 0:
        return found, wanted, run.executed
    # What reading the index costs is every match it finds, in the scope or not.
    everywhere = run.recent_count(below) if run.scope else len(found)
    if everywhere / WALK * below <= RARE:
        found += run.older(below, wanted - len(found))
        return found, wanted, run.executed
    share = max(len(found), 1) / WALK
    docs_per_bucket = top_doc / max(top_ticket, 1) * (1 << BUCKET_SHIFT)
    bucket = top_ticket >> BUCKET_SHIFT
    while len(found) < wanted and bucket >= 0:
        needed = wanted - len(found)
        count = max(1, math.ceil(needed / share * SPARE / docs_per_bucket))
        lowest = max(0, bucket - count + 1)
        found += run.older(below, needed, range(bucket, lowest - 1, -1))
        bucket = lowest - 1
    return found, wanted, run.executed


def best_per_ticket(rows: Sequence[Row]) -> list[Row]:
    """Each ticket's best text (highest rank, then newest), best tickets first."""
    best: dict[int, Row] = {}
    for row in rows:
        held = best.get(row[1])
        if held is None or (row[3], row[0]) > (held[3], held[0]):
            best[row[1]] = row
    return sorted(best.values(), key=lambda r: (r[3], r[1]), reverse=True)


def snippets(text: str, docs: list[int], db: str, start: str, stop: str) -> list[tuple]:
    """(ticket, subject headline, text headline) of the documents ``docs``, the matched words
    between ``start`` and ``stop`` (characters removed from the text first)."""
    options = (
        f"StartSel={start}, StopSel={stop}, MaxWords=24, MinWords=10, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    def strip(column: str) -> str:
        return f"translate({column}, %s, '')"

    body = f"coalesce(m.body, concat_ws(' ', {', '.join('t.' + c for c in TICKET_TEXT)}))"
    sql = f"""
        SELECT d.ticket_id,
               ts_headline(tickets_search_config(d.language), {strip("t.subject")}, {_OWN}, %s),
               ts_headline(tickets_search_config(d.language), {strip(body)}, {_OWN}, %s)
          FROM tickets_searchdocument AS d
          JOIN tickets_ticket AS t ON t.id = d.ticket_id
          LEFT JOIN tickets_message AS m ON m.id = d.message_id
         WHERE d.id = ANY(%s)
    """
    marks = start + stop
    subject_options = options.replace("MaxFragments=2", "HighlightAll=true")
    params: list[Any] = [marks, text, text, subject_options, marks, text, text, options, docs]
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
