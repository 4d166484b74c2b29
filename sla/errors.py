"""The SLA app's domain errors, on top of ``helpdesk.core.errors``.

It has none yet: nothing a person asks of the SLA app is refused by a rule. Its writes follow the
tickets' changes (``services.sync_ticket_clocks``, through ``tickets.signals.ticket_changed``)
and the colour sweep; the dashboard's "leads only" is a permission of its views. A refusal the
app gains is declared here, with a code, like ``escalation.errors``.
"""

__all__: list[str] = []
