"""Signals the tickets services send, for apps that depend on tickets (sla, escalation).

``ticket_changed(ticket, at, created=False)``: the ticket was opened (``created``), or its
status or tier changed. Sent
inside the service's transaction, so receivers' writes commit or roll back with the change.
Receivers must not do I/O (use the outbox).
"""

from django.dispatch import Signal

ticket_changed = Signal()
