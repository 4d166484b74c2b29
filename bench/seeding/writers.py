"""Writing generated rows: ``COPY`` on PostgreSQL, ``bulk_create`` anywhere.

Reflection here is only on each written model's own table: its concrete fields make the COPY
column list and fill the columns the generator does not know about.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, models

from tickets.models import Message, Ticket


def column_defaults(model: type[models.Model], given: Iterable[str], now: datetime) -> dict:
    """Values for the concrete fields the generator does not fill (fields added later).

    A NOT NULL field without a default cannot be guessed: say which one, rather than let the
    database fail halfway through.
    """
    given = set(given)
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            raise RuntimeError(
                f"{model.__name__}.{field.name} is NOT NULL without a default; "
                "bench/seeding must learn to fill it."
            )
        defaults[field.attname] = value
    return defaults


class CopyWriter:
    """PostgreSQL: ticket numbers from the sequence, then one COPY per table and batch."""

    def __init__(self, now: datetime):
        self.now = now
        self.columns: dict[type[models.Model], tuple[list, dict]] = {}

    def _layout(self, model, sample: dict):
        if model not in self.columns:
            by_attname = {f.attname: f for f in model._meta.concrete_fields}
            defaults = {
                name: by_attname[name].get_db_prep_save(value, connection)
                for name, value in column_defaults(model, sample, self.now).items()
            }
            fields = [
                f
                for f in model._meta.concrete_fields
                if not f.generated and (not f.primary_key or f.attname in sample)
            ]
            self.columns[model] = (fields, defaults)
        return self.columns[model]

    def _copy(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields, defaults = self._layout(model, rows[0])
        qn = connection.ops.quote_name
        names = [f.attname for f in fields]
        sql = (
            f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
            "FROM STDIN"
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[n] if n in row else defaults[n] for n in names])

    def write(self, tickets: list[dict], messages: list[list[dict]], tags: list) -> None:
        table = Ticket._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(tickets)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        for ticket_id, row in zip(ids, tickets, strict=True):
            row["id"] = ticket_id
        self._copy(Ticket, tickets)
        self._copy(
            Message,
            [
                {**m, "ticket_id": tid}
                for tid, pair in zip(ids, messages, strict=True)
                for m in pair
            ],
        )
        self._copy(
            Ticket.tags.through,
            [
                {"ticket_id": tid, "tag_id": tag}
                for tid, tag in zip(ids, tags, strict=True)
                if tag is not None
            ],
        )


class BulkCreateWriter:
    """Any database: ``bulk_create`` (ticket numbers come back from the INSERT)."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size

    def write(self, tickets: list[dict], messages: list[list[dict]], tags: list) -> None:
        objects = Ticket.objects.bulk_create(
            [Ticket(**row) for row in tickets], batch_size=self.batch_size
        )
        ids = [obj.pk for obj in objects]
        if None in ids:
            raise RuntimeError("This database does not return primary keys from bulk_create.")
        Message.objects.bulk_create(
            [
                Message(ticket_id=tid, **m)
                for tid, pair in zip(ids, messages, strict=True)
                for m in pair
            ],
            batch_size=self.batch_size,
        )
        Through = Ticket.tags.through
        Through.objects.bulk_create(
            [
                Through(ticket_id=tid, tag_id=tag)
                for tid, tag in zip(ids, tags, strict=True)
                if tag is not None
            ],
            batch_size=self.batch_size,
        )
