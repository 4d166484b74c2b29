"""Keep SLA clocks in step with tickets: the tickets services send ``ticket_changed``."""

from django.dispatch import receiver

from tickets.signals import ticket_changed

from .clocks import sync_ticket_clocks


@receiver(ticket_changed, dispatch_uid="sla.sync_ticket_clocks")
def _sync_clocks(sender, ticket, at, **kwargs):
    sync_ticket_clocks(ticket, at=at)
