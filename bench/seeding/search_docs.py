"""The search documents of bulk-loaded tickets, written in one statement after the load.

The triggers of ``tickets/migrations/0017_search.py`` write one document per row as each row is
copied (about 580 tickets a second at 1,000,000); with them disabled for the load and the
documents written afterwards by one ``INSERT … SELECT`` (the migration's backfill, for the new
rows only), the same documents are written an order of magnitude faster. Same text, same
weights, same order (oldest first), so the benchmark searches what the triggers would have made.
"""

from django.db import connection

TRIGGERS = ("tickets_ticket_search_insert", "tickets_message_search_insert")

BACKFILL = """
INSERT INTO tickets_searchdocument (ticket_id, message_id, public, language, vector)
SELECT ticket_id, message_id, public, language, vector FROM (
    SELECT t.id AS ticket_id, NULL::bigint AS message_id, true AS public, t.language,
           setweight(to_tsvector(tickets_search_config(t.language), t.subject), 'A')
           || setweight(to_tsvector(tickets_search_config(t.language), concat_ws(' ',
               t.description, t.steps_to_reproduce, t.error_text, t.production_url,
               t.version_seen, t.browser)), 'B')
           || tickets_search_bucket(t.id) AS vector,
           t.created_at AS at, 0 AS part, t.id AS row_id
      FROM tickets_ticket AS t
     WHERE t.id > %(ticket)s
    UNION ALL
    SELECT m.ticket_id, m.id, m.kind IN ('public_reply', 'customer_reply'), t.language,
           setweight(to_tsvector(tickets_search_config(t.language), m.body),
                     CASE WHEN m.kind IN ('public_reply', 'customer_reply')
                          THEN 'C' ELSE 'D' END::"char")
           || tickets_search_bucket(m.ticket_id),
           m.created_at, 1, m.id
      FROM tickets_message AS m JOIN tickets_ticket AS t ON t.id = m.ticket_id
     WHERE m.id > %(message)s
) AS texts
ORDER BY at, part, row_id
"""


def search_triggers_present() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)", [list(TRIGGERS)])
        return cursor.fetchone()[0] == len(TRIGGERS)


def last_ids() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM tickets_ticket),"
            " (SELECT coalesce(max(id), 0) FROM tickets_message)"
        )
        ticket, message = cursor.fetchone()
    return {"ticket": ticket, "message": message}


def set_triggers(enabled: bool) -> None:
    """Off: ``session_replication_role = replica`` for this transaction (the triggers, and the
    deferred foreign-key checks of rows the generator made consistent, do not fire; an
    ``ALTER TABLE … DISABLE TRIGGER`` cannot be undone in a transaction with deferred checks
    pending). Needs a superuser, as the benchmark's database user is."""
    role = "origin" if enabled else "replica"
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL session_replication_role = {role}")


def write_documents(after: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(BACKFILL, after)
        cursor.execute("ANALYZE tickets_searchdocument")
