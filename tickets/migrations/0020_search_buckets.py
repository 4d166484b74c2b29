"""Each search document also holds a lexeme naming its ticket's bucket of 16,384 ticket numbers
(``~0``, ``~1``, …): the search can then ask the GIN index for the matches among a range of
tickets (``words & ('~61' | '~60')``), so a word on a few thousand old tickets costs what the
matches in the range do, not a read of every match (docs/decisions/0012-search.md). ``~`` never
starts a lexeme a text search configuration writes. PostgreSQL only, as 0017_search."""

from django.db import migrations

BUCKET = """
CREATE FUNCTION tickets_search_bucket(ticket bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY['~' || (ticket >> 14)::text])
$$;
"""

TICKET_FUNCTION = """
CREATE OR REPLACE FUNCTION tickets_search_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig := tickets_search_config(NEW.language);
BEGIN
    INSERT INTO tickets_searchdocument (ticket_id, message_id, public, language, vector)
    VALUES (
        NEW.id, NULL, true, NEW.language,
        setweight(to_tsvector(cfg, NEW.subject), 'A')
        || setweight(to_tsvector(cfg, concat_ws(' ', NEW.description, NEW.steps_to_reproduce,
            NEW.error_text, NEW.production_url, NEW.version_seen, NEW.browser)), 'B')
        {bucket_ticket}
    )
    ON CONFLICT (ticket_id) WHERE message_id IS NULL
    DO UPDATE SET language = EXCLUDED.language, vector = EXCLUDED.vector;
    IF TG_OP = 'UPDATE' AND OLD.language IS DISTINCT FROM NEW.language THEN
        UPDATE tickets_searchdocument AS d
           SET language = NEW.language,
               vector = setweight(to_tsvector(cfg, m.body),
                                  CASE WHEN d.public THEN 'C' ELSE 'D' END::"char")
                        {bucket_ticket}
          FROM tickets_message AS m
         WHERE d.ticket_id = NEW.id AND d.message_id = m.id;
    END IF;
    RETURN NULL;
END
$$;
"""

MESSAGE_FUNCTION = """
CREATE OR REPLACE FUNCTION tickets_search_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    is_public boolean := NEW.kind IN ('public_reply', 'customer_reply');
BEGIN
    INSERT INTO tickets_searchdocument (ticket_id, message_id, public, language, vector)
    SELECT NEW.ticket_id, NEW.id, is_public, t.language,
           setweight(to_tsvector(tickets_search_config(t.language), NEW.body),
                     CASE WHEN is_public THEN 'C' ELSE 'D' END::"char")
           {bucket_message}
      FROM tickets_ticket AS t
     WHERE t.id = NEW.ticket_id
    ON CONFLICT (message_id) DO UPDATE
       SET ticket_id = EXCLUDED.ticket_id, public = EXCLUDED.public,
           language = EXCLUDED.language, vector = EXCLUDED.vector;
    RETURN NULL;
END
$$;
"""


def _functions(with_buckets: bool) -> str:
    ticket = "|| tickets_search_bucket(NEW.id)" if with_buckets else ""
    message = "|| tickets_search_bucket(NEW.ticket_id)" if with_buckets else ""
    return TICKET_FUNCTION.replace("{bucket_ticket}", ticket) + MESSAGE_FUNCTION.replace(
        "{bucket_message}", message
    )


FILL = "UPDATE tickets_searchdocument SET vector = vector || tickets_search_bucket(ticket_id);"
EMPTY = (
    "UPDATE tickets_searchdocument SET vector = ts_delete(vector, '~' || (ticket_id >> 14)::text);"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BUCKET)
        schema_editor.execute(_functions(with_buckets=True))
        schema_editor.execute(FILL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_functions(with_buckets=False))
        schema_editor.execute(EMPTY)
        schema_editor.execute("DROP FUNCTION tickets_search_bucket(bigint);")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0019_search_constraint_message")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
