"""Helpers of the timer and sweep tests: tickets walked through the services at chosen instants."""

from datetime import UTC, datetime, timedelta

from helpdesk.notifications.models import Notification
from tests.factories import TicketFactory
from tickets import services
from tickets.models import Message, Ticket, TransitionLog

# A Thursday, so +3 calendar days is a Sunday and +3 business days a Tuesday.
THURSDAY = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def pending_ticket(clock, agent, at=THURSDAY) -> Ticket:
    """An Open ticket answered with "set Pending" at ``at``."""
    clock.move_to(at, tick=False)
    ticket = TicketFactory(created_at=at - DAY)
    services.reply(ticket, actor=agent, body="Try now, please.", set_pending=True)
    return Ticket.objects.get(pk=ticket.pk)


def moved(clock, agent, name, at=THURSDAY, **options) -> Ticket:
    """An Open ticket moved by an agent through transition ``name`` at ``at``."""
    clock.move_to(at, tick=False)
    ticket = TicketFactory(created_at=at - DAY)
    services.transition(ticket, actor=agent, name=name, **options)
    return Ticket.objects.get(pk=ticket.pk)


def kinds(ticket: Ticket, kind: str | None = None) -> list[str]:
    rows = Notification.objects.filter(ticket_number=ticket.pk).order_by("id")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("kind", flat=True))


def snapshot() -> dict:
    """Everything a sweep may write, to prove a second run writes nothing."""
    return {
        "tickets": list(Ticket.objects.order_by("pk").values()),
        "messages": list(Message.objects.order_by("pk").values_list("pk", "kind", "body")),
        "transitions": list(TransitionLog.objects.order_by("pk").values_list("pk", "transition")),
        "notifications": list(
            Notification.objects.order_by("pk").values_list("pk", "dedupe_key", "status")
        ),
    }
