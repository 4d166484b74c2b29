"""``seed_bulk``: generate and write bulk tickets batch by batch, in one transaction."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, reset_queries, transaction
from django.utils import timezone

from tickets.models import Message, Ticket

from .population import ensure_population
from .rows import generate_batch
from .search_docs import last_ids, search_triggers_present, set_triggers, write_documents
from .writers import BulkCreateWriter, CopyWriter

DEFAULT_BATCH_SIZE = 5000
METHODS = ("auto", "copy", "bulk_create")


@dataclass(frozen=True)
class BulkResult:
    tickets: int
    messages: int
    tags: int
    seconds: float
    method: str

    @property
    def tickets_per_second(self) -> float:
        return self.tickets / self.seconds if self.seconds else 0.0


def seed_bulk(
    tickets: int,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    seed: int | None = None,
    method: str = "auto",
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BulkResult:
    """Load ``tickets`` tickets (two messages each) in one transaction; see ``bench.seeding``."""
    if tickets < 0:
        raise ValueError("tickets must be zero or more.")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}.")
    postgres = connection.vendor == "postgresql"
    if method == "auto":
        method = "copy" if postgres else "bulk_create"
    if method == "copy" and not postgres:
        raise ValueError("COPY needs PostgreSQL; use method='bulk_create'.")

    started = time.perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    writer = CopyWriter(now) if method == "copy" else BulkCreateWriter(batch_size)
    messages_written = tags_written = 0
    with transaction.atomic():
        population = ensure_population()
        # The search documents in one statement after the load (``search_docs``), not by
        # the triggers row by row; the triggers are back on when the transaction commits.
        documents_after = last_ids() if method == "copy" and search_triggers_present() else None
        if documents_after is not None:
            set_triggers(enabled=False)
        for first in range(0, tickets, batch_size):
            count = min(batch_size, tickets - first)
            rows, messages, tags = generate_batch(
                rng, population, first_index=first, count=count, total=tickets, now=now
            )
            writer.write(rows, messages, tags)
            messages_written += sum(len(pair) for pair in messages)
            tags_written += sum(tag is not None for tag in tags)
            reset_queries()  # With DEBUG on, do not keep megabytes of INSERT text.
            if progress:
                progress(first + count, tickets)
        if documents_after is not None:
            set_triggers(enabled=True)
            write_documents(documents_after)
        if postgres and tickets:
            # Fresh statistics, or the planner guesses at the new rows' distribution.
            with connection.cursor() as cursor:
                for model in (Ticket, Message, Ticket.tags.through):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return BulkResult(
        tickets=tickets,
        messages=messages_written,
        tags=tags_written,
        seconds=time.perf_counter() - started,
        method=method,
    )
