"""Signals the tickets services send, for apps that depend on tickets (sla, escalation,
knownissues).

Both are sent inside the service's transaction, so receivers' writes commit or roll back with
the change. Receivers must not do I/O (use the outbox).

- ``ticket_changed(ticket, at, created=False)``: the ticket was opened (``created``), or its
  status or tier changed.
- ``tags_changed(ticket, added, removed, at)``: tags were added to or removed from the ticket
  (names as stored), by ``tickets.services.change_tags`` or ``set_tags``, the only writes of a
  ticket's tags.
"""

from django.dispatch import Signal

ticket_changed = Signal()
tags_changed = Signal()
