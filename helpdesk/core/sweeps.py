"""Timers as state-based sweeps (ARCHITECTURE.md, "Timers are state-based sweeps").

A sweep finds the rows whose due instant has passed and whose state still matches, locks a batch
with ``SELECT … FOR UPDATE SKIP LOCKED`` and applies its change to each row in the same
transaction, one transaction per batch. Because the state and the due instant are re-read under
the lock and the change moves the row out of the query (a new state, a cleared due instant),
running a sweep twice, or in two workers at once, changes nothing the second time.

A subclass names the model, the due-instant field, the state field and the states, and
implements ``apply(row, now)`` by calling a service. The UAT auto-done timer, for example, is::

    class UatAutoDone(Sweep):
        name = "tickets.uat_auto_done"
        model = Task
        due_field = "uat_done_at"
        state_field = "stage"
        states = (Stage.UAT,)

        def apply(self, task, now):
            services.auto_done(task, at=now)

Each sweep's query wants an index on ``(due_field, id)`` limited to its states, e.g.
``Index(fields=["remind_at", "id"], condition=Q(status="pending"))``.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django.db import models, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    name: str
    applied: int = 0
    batches: int = 0

    def __str__(self) -> str:
        return f"{self.name}: {self.applied} applied in {self.batches} batches"


class Sweep:
    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    due_field: ClassVar[str]
    state_field: ClassVar[str] = "status"
    states: ClassVar[tuple[str, ...]]
    batch_size: ClassVar[int] = 200
    # Relations apply() reads (e.g. the requester an email goes to): one join, not a query a row.
    select_related: ClassVar[tuple[str, ...]] = ()
    # Relations apply() reads for every row: one query per batch, not one per row.
    prefetch_related: ClassVar[tuple[str, ...]] = ()

    def apply(self, row: Any, now: datetime) -> None:
        """Act on one locked, due row inside the batch's transaction. Must move the row out
        of ``due()`` (change its state or its due instant), normally by calling a service."""
        raise NotImplementedError

    def due(self, now: datetime) -> models.QuerySet:
        """Rows in one of ``states`` whose due instant is at or before ``now``."""
        # One state: a plain equality, which a partial index's WHERE state = … matches.
        state = (
            {self.state_field: self.states[0]}
            if len(self.states) == 1
            else {f"{self.state_field}__in": self.states}
        )
        return self.model._default_manager.filter(**state, **{f"{self.due_field}__lte": now})

    def _batch(self, now: datetime, after: tuple[datetime, Any] | None, size: int) -> list:
        qs = self.due(now)
        if after is not None:
            # Keyset paging: never revisit a row, even one another worker holds or skipped.
            due, pk = after
            qs = qs.filter(
                Q(**{f"{self.due_field}__gt": due}) | Q(**{self.due_field: due, "pk__gt": pk})
            )
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        # of=("self",): lock the swept rows only, never the rows joined to them.
        qs = qs.select_for_update(skip_locked=True, of=("self",))
        rows = list(qs.order_by(self.due_field, "pk")[:size])
        if self.prefetch_related:
            prefetch_related_objects(rows, *self.prefetch_related)
        return rows

    def run(self, now: datetime | None = None, batch_size: int | None = None) -> SweepResult:
        """Apply every row due at ``now`` (default: the current time), batch by batch.

        Rows another worker holds locked are skipped: that worker applies them. Rows that fall
        due while the sweep runs wait for the next run.
        """
        now = now or timezone.now()
        size = batch_size or self.batch_size
        result = SweepResult(self.name)
        after = None
        while True:
            with transaction.atomic():
                rows = self._batch(now, after, size)
                if rows:
                    # Read before apply(), which moves the row's due instant.
                    after = (getattr(rows[-1], self.due_field), rows[-1].pk)
                for row in rows:
                    self.apply(row, now)
            if not rows:
                break
            result.applied += len(rows)
            result.batches += 1
            if len(rows) < size:
                break
        if result.applied:
            logger.info("%s", result)
        return result
