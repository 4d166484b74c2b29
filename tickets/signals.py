"""Signals the tickets services send, for apps that depend on tickets (sla, escalation,
knownissues).

Both are sent inside the service's transaction, so receivers' writes commit or roll back with
the change. Receivers must not do I/O (use the outbox).

- ``ticket_changed(ticket, at, created=False)``: the ticket was opened (``created``), or its
  status or tier changed.
- ``ticket_changed`` from a status transition also carries ``transition`` (its name), ``source``
  (the status left) and ``actor`` (None for the helpdesk's own timers).
- ``customer_replied(ticket, message, at, actor)``: the customer's reply landed on the ticket
  (``tickets.services.customer_reply``; escalation tells the ticket's followers).
- ``tags_changed(ticket, added, removed, at)``: tags were added to or removed from the ticket
  (names as stored), by ``tickets.services.change_tags`` or ``set_tags``, the only writes of a
  ticket's tags.
- ``findings_recorded(ticket, findings, actor, at)``: findings were recorded or changed on the
  ticket (``tickets.services.record_findings``); ``findings.doc_change`` says whether a user or
  internal doc should change.
- ``tickets_merged(source, target, actor, at)``: ``source`` was merged into ``target`` and closed
  (``tickets.services.merge_tickets``); escalation carries the followers over.
- ``first_response(ticket, message, at, actor)``: staff's first public reply on the ticket
  (``tickets.services.reply`` set ``first_response_at``; sla stops the first-response clock).
- ``category_changed(ticket, at, actor)``: the ticket's category changed after submission
  (``tickets.services.reclassify``).
- ``staff_mentioned(ticket, message, user_ids, actor, at)``: an internal note @mentioned these
  members of staff (``tickets.services.add_internal_note``); escalation makes them follow.
"""

from django.dispatch import Signal

ticket_changed = Signal()
customer_replied = Signal()
tags_changed = Signal()
findings_recorded = Signal()
tickets_merged = Signal()
first_response = Signal()
category_changed = Signal()
staff_mentioned = Signal()
