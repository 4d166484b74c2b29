"""First-response clocks: how soon staff first answer a ticket, by its category's target.

The receivers call these in the tickets services' transaction: ``start_first_response`` when a
ticket is created, ``stop_first_response`` at the first public staff reply (or when the ticket
is resolved or closed unanswered), ``retarget_first_response`` when its category changes. The
colour sweep (``sla.sweeps``) turns running clocks Yellow and Red.
"""

from datetime import datetime

from django.db import transaction

from ..business_time import add_business_minutes, business_minutes_between
from ..models import FirstAssignmentTarget, FirstResponseClock
from ..policies import first_response_colour
from ..states import ClockState, Colour


def _target(category: str) -> FirstAssignmentTarget | None:
    return (
        FirstAssignmentTarget.objects.select_related("calendar").filter(category=category).first()
    )


def _aim(clock: FirstResponseClock, target: FirstAssignmentTarget) -> None:
    """Point the clock at ``target``: its instants counted from ``started_at``."""
    clock.category = target.category
    clock.calendar = target.calendar
    clock.target_minutes = target.minutes
    clock.yellow_at = add_business_minutes(target.calendar, clock.started_at, target.yellow_minutes)
    clock.due_at = add_business_minutes(target.calendar, clock.started_at, target.minutes)


def start_first_response(ticket, *, at: datetime) -> FirstResponseClock | None:
    """Start the ticket's first-response clock at ``at`` (its creation), Green; None when its
    category has no target (any category without a ``FirstAssignmentTarget`` row)."""
    target = _target(ticket.category)
    if target is None or ticket.first_response_at is not None:
        return None
    clock = FirstResponseClock(ticket_id=ticket.pk, started_at=at)
    _aim(clock, target)
    clock.save()
    return clock


def _locked(ticket) -> FirstResponseClock | None:
    return (
        FirstResponseClock.objects.select_for_update()
        .select_related("calendar")
        .filter(ticket_id=ticket.pk)
        .first()
    )


def stop_first_response(ticket, *, at: datetime, responded: bool) -> FirstResponseClock | None:
    """Stop the running clock at ``at``: ``responded`` (the first public staff reply) records
    the business minutes it took; a reply after the due instant counts as a breach even when
    the sweep had not yet turned the clock Red."""
    with transaction.atomic(savepoint=False):
        clock = _locked(ticket)
        if clock is None or clock.state != ClockState.RUNNING:
            return clock
        colour = first_response_colour(clock, at)
        if colour == Colour.RED and clock.breached_at is None:
            clock.breached_at = clock.due_at
        # A clock only gets redder: the sweep may have been quicker than ``at`` says.
        clock.colour = max(clock.colour, colour, key=_redness)
        clock.state = ClockState.STOPPED
        clock.stopped_at = at
        if responded:
            clock.responded_at = at
            clock.response_minutes = max(
                0, business_minutes_between(clock.calendar, clock.started_at, at)
            )
        clock.save()
        return clock


def retarget_first_response(ticket, *, at: datetime) -> FirstResponseClock | None:
    """The ticket's category changed before the first response: its clock follows the new
    category's target, still counted from the ticket's creation. A category without a target
    removes a running clock; a stopped or breached clock keeps its history."""
    with transaction.atomic(savepoint=False):
        clock = _locked(ticket)
        if ticket.first_response_at is not None or ticket.status in ("resolved", "closed"):
            return clock
        target = _target(ticket.category)
        if clock is None:
            if target is None:
                return None
            clock = FirstResponseClock(ticket_id=ticket.pk, started_at=ticket.created_at)
        elif clock.state != ClockState.RUNNING or clock.breached:
            return clock
        elif target is None:
            clock.delete()
            return None
        _aim(clock, target)
        # Back to the colour of the new instants; the sweep turns it on from there (and raises
        # the Red alert if the new target has passed already).
        clock.colour = (
            Colour.GREEN if first_response_colour(clock, at) == Colour.GREEN else Colour.YELLOW
        )
        clock.save()
        return clock


def _redness(colour: str) -> int:
    return (Colour.GREEN, Colour.YELLOW, Colour.RED).index(colour)
