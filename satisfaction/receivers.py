"""What customer satisfaction does when tickets change (``tickets.signals``): a resolution, by
a person or the auto-resolve timer, opens a survey round in the resolving transaction."""

from tickets.models import Ticket
from tickets.signals import ticket_changed
from tickets.states import Status

from . import services

RESOLVING = frozenset({"resolve", "auto_resolve"})


def on_ticket_changed(sender, ticket: Ticket, at, transition: str = "", **kwargs) -> None:
    if transition in RESOLVING and ticket.status == Status.RESOLVED:
        services.open_survey(ticket, at)


def connect() -> None:
    ticket_changed.connect(on_ticket_changed, dispatch_uid="satisfaction.open_survey")
