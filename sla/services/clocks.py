"""SLA clocks: start, pause, resume and stop them as a ticket moves.

``sync_ticket_clocks`` is the one entry point: the tickets services call it (through the
``ticket_changed`` signal) in the same transaction as every change of status or tier.
"""

from datetime import datetime

from django.db import transaction

from ..business_time import add_business_minutes, business_minutes_between
from ..models import ClockEvent, SlaClock, SlaPolicy
from ..policies import colour_for
from ..states import ClockEventKind, ClockState, Colour

FINISHED_STATUSES = frozenset({"resolved", "closed"})


def _event(clock: SlaClock, kind: str, at: datetime, note: str = "") -> None:
    ClockEvent.objects.create(
        clock=clock, kind=kind, at=at, elapsed_minutes=clock.elapsed_minutes, note=note
    )


def _run(clock: SlaClock, at: datetime) -> None:
    """Set the clock running from ``at`` and store when it will turn Yellow and Red."""
    policy, calendar = clock.policy, clock.policy.calendar
    clock.state = ClockState.RUNNING
    clock.running_since = at
    clock.colour = colour_for(policy, clock.elapsed_minutes)
    clock.yellow_at = (
        add_business_minutes(calendar, at, policy.yellow_after_minutes - clock.elapsed_minutes)
        if clock.colour == Colour.GREEN
        else None
    )
    clock.red_at = (
        add_business_minutes(calendar, at, policy.red_after_minutes - clock.elapsed_minutes)
        if clock.colour != Colour.RED
        else None
    )


def _halt(clock: SlaClock, state: str, at: datetime) -> None:
    """Bank the business minutes run so far and stop counting (paused or stopped)."""
    if clock.state == ClockState.RUNNING and clock.running_since is not None:
        clock.elapsed_minutes += max(
            0, business_minutes_between(clock.policy.calendar, clock.running_since, at)
        )
    clock.state = state
    clock.running_since = None
    clock.yellow_at = clock.red_at = None
    clock.colour = max(
        (clock.colour, colour_for(clock.policy, clock.elapsed_minutes)),
        key=lambda colour: ("green", "yellow", "red").index(colour),
    )
    if state == ClockState.STOPPED:
        clock.stopped_at = at


def sync_ticket_clocks(ticket, *, at: datetime, new: bool = False) -> None:
    """Bring the ticket's clocks in line with its tier and status at instant ``at``.

    ``new``: the ticket was just created in this transaction, so it has no clocks to read.
    Runs in the caller's transaction (no savepoint: a failure rolls the whole change back).
    """
    with transaction.atomic(savepoint=False):
        clocks = (
            {}
            if new
            else {
                clock.tier_id: clock
                for clock in SlaClock.objects.select_for_update()
                .select_related("policy__calendar")
                .filter(ticket_id=ticket.pk)
            }
        )
        for tier_id, clock in clocks.items():
            if tier_id != ticket.tier_id and clock.state != ClockState.STOPPED:
                _halt(clock, ClockState.STOPPED, at)
                clock.save()
                _event(clock, ClockEventKind.STOPPED, at, "The ticket left the tier.")

        current = clocks.get(ticket.tier_id)
        if current is None:
            policy = (
                SlaPolicy.objects.select_related("calendar").filter(tier_id=ticket.tier_id).first()
            )
            if policy is None or ticket.status in FINISHED_STATUSES:
                return
            current = SlaClock(
                ticket_id=ticket.pk, tier_id=ticket.tier_id, policy=policy, started_at=at
            )
            paused = ticket.status in policy.pausing_statuses()
            if paused:
                current.state = ClockState.PAUSED
            else:
                _run(current, at)
            current.save()
            _event(current, ClockEventKind.STARTED, at)
            if paused:
                _event(current, ClockEventKind.PAUSED, at, f"Status {ticket.status}.")
            return

        policy = current.policy
        if ticket.status in FINISHED_STATUSES:
            wanted, note = ClockState.STOPPED, f"Status {ticket.status}."
        elif ticket.status in policy.pausing_statuses():
            wanted, note = ClockState.PAUSED, f"Status {ticket.status}."
        else:
            wanted, note = ClockState.RUNNING, f"Status {ticket.status}."
        if wanted == current.state:
            return
        if wanted == ClockState.RUNNING:
            _run(current, at)
            kind = ClockEventKind.RESUMED
        else:
            _halt(current, wanted, at)
            kind = ClockEventKind.STOPPED if wanted == ClockState.STOPPED else ClockEventKind.PAUSED
        current.save()
        _event(current, kind, at, note)
