"""Bulk ticket data for benchmarks and load tests: many realistic rows, fast.

``seed_bulk(n)`` loads ``n`` tickets with two public messages each (a customer reply and a
public reply) into the configured database; ``manage.py seed_bulk --settings=bench.settings``
runs it from the command line. It bypasses the services on purpose: going through
``submit_ticket`` and the transitions costs about ten queries a ticket, far too slow for 100,000
rows. The rows still obey the rules the services keep:

- every status, category, priority and tier occurs (weighted like a working desk);
- the state-entry fields match the status (``pending_since`` for Pending, ``hold_until`` for
  On Hold, ``resolved_at`` / ``closed_at``…, and the timers' due instants ``remind_at``,
  ``wait_until``, ``close_at``); tickets that are not Closed entered their status within the
  last day and their timers fall due days later, so no sweep finds anything due;
- ticket numbers grow with ``created_at``, which is spread over the past year;
- requesters are customers of the ticket's organization, message authors are the requester
  (customer replies) or an agent of the ticket's tier (public replies).

The few organizations, customers, agents and tags the tickets hang off are created
idempotently (``bulk-org-N``, ``bulk-customer-N-M``, ``bulk-agent-<tier>``; no usable password).

On PostgreSQL the rows go in with ``COPY`` (ticket numbers taken from the table's sequence first);
elsewhere, or with ``method="bulk_create"``, with ``bulk_create`` in batches.

| module | holds |
|---|---|
| ``data`` | the weights and texts of the generated desk |
| ``population`` | the organizations, customers, agents and tags tickets hang off |
| ``rows`` | generating a batch of ticket, message and tag rows in memory |
| ``writers`` | writing a batch: ``COPY`` or ``bulk_create`` |
| ``load`` | ``seed_bulk``: batches in one transaction, then ``ANALYZE`` |
"""

from .data import DUE_INSTANTS
from .load import DEFAULT_BATCH_SIZE, METHODS, BulkResult, seed_bulk
from .population import Population, ensure_population
from .rows import generate_batch

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DUE_INSTANTS",
    "METHODS",
    "BulkResult",
    "Population",
    "ensure_population",
    "generate_batch",
    "seed_bulk",
]
