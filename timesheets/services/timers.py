"""The timer: one running timer per agent, serialized on the agent's row. Stopping it logs its
time as an entry (drawing down a pack like any entry)."""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from engineering.models import Task
from helpdesk.core.errors import Conflict
from tickets.models import Ticket

from ..models import RunningTimer, TimeEntry
from ..states import NEVER_BILLABLE, Activity
from ._common import (
    MAX_MINUTES,
    clean_activity,
    format_clock,
    local_day,
    lock_agent,
    require_agent,
    target,
)
from .packs import draw, lock_packs


@dataclass(frozen=True)
class TimerOutcome:
    timer: RunningTimer | None
    logged: TimeEntry | None = None


def _stop(timer: RunningTimer, at: datetime) -> TimeEntry:
    seconds = max((at - timer.started_at).total_seconds(), 0)
    minutes = max(1, math.ceil(seconds / 60))
    note = f"Timer {format_clock(timer.started_at)}–{format_clock(at)}"
    if minutes > MAX_MINUTES:
        minutes = MAX_MINUTES
        note += " (ran over 24 h: capped at 24 h, correct it if needed)"
    task = timer.task
    ticket = task.ticket if task is not None else timer.ticket
    entry = TimeEntry(
        agent_id=timer.agent_id,
        ticket=ticket,
        task=task,
        date=local_day(timer.started_at),
        minutes=minutes,
        activity=timer.activity,
        billable=timer.activity not in NEVER_BILLABLE,
        note=note + ".",
        created_at=at,
        updated_at=at,
    )
    org = ticket.organization_id if ticket is not None and entry.billable else None
    draw(entry, lock_packs(org, entry.date), at)
    timer.delete()
    return entry


def start_timer(
    *, actor, activity: str, ticket: Ticket | None = None, task: Task | None = None
) -> TimerOutcome:
    """Start the actor's own timer on a ticket or task (a timer always names a ticket). One
    timer per agent: a timer running elsewhere, or on another activity, is stopped and its time
    logged first. Starting it again where it runs, on the same activity, is a no-op."""
    require_agent(actor, "start a timer")
    activity = clean_activity(activity)
    ticket, task = target(ticket, task, Activity.RESEARCH)
    at = timezone.now()
    with transaction.atomic():
        lock_agent(actor)
        current = (
            RunningTimer.objects.select_related("task__ticket", "ticket")
            .filter(agent=actor)
            .first()
        )
        logged = None
        if current is not None:
            same = current.ticket_id == ticket.pk and current.task_id == (task.pk if task else None)
            if same and current.activity == activity:
                return TimerOutcome(timer=current)
            logged = _stop(current, at)
        timer = RunningTimer.objects.create(
            agent=actor, ticket=ticket, task=task, activity=activity, started_at=at
        )
    return TimerOutcome(timer=timer, logged=logged)


def stop_timer(*, actor, at: datetime | None = None) -> TimeEntry:
    """Stop the agent's timer and log its time, rounded up to the minute (at least 1, at most
    24 hours, which the entry's note then says)."""
    require_agent(actor, "stop a timer")
    at = at or timezone.now()
    with transaction.atomic():
        lock_agent(actor)
        timer = (
            RunningTimer.objects.select_related("task__ticket", "ticket")
            .filter(agent=actor)
            .first()
        )
        if timer is None:
            raise Conflict("Your timer is not running (it was stopped already).")
        return _stop(timer, at)


def discard_timer(*, actor) -> None:
    """Throw the running timer away without logging anything (started by mistake)."""
    require_agent(actor, "discard a timer")
    with transaction.atomic():
        lock_agent(actor)
        deleted, _ = RunningTimer.objects.filter(agent=actor).delete()
        if not deleted:
            raise Conflict("Your timer is not running.")
