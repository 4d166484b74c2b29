"""When the ticket timers fall due: durations from ``TimerPolicy``, in calendar or business days.

A due instant is computed once, when the ticket enters the status (``arm``), and stored on the
row; the sweeps in ``tickets.sweeps`` compare it with now. Day arithmetic keeps the wall-clock
time of day in the calendar's time zone: entering Pending on Thursday 10:00 with a 3-business-day
reminder makes it due on Tuesday 10:00.

Business days are those of ``helpdesk.core.calendar``: Monday to Friday in
``settings.TIME_ZONE`` unless the caller passes another calendar.
"""

from dataclasses import dataclass
from datetime import datetime

from helpdesk.core.calendar import WorkCalendar, business_days_after, days_after

from .models import Ticket, TimerPolicy
from .states import Status

Timer = TimerPolicy.Timer
Unit = TimerPolicy.Unit

# The defaults of PRODUCT.md; the data migration writes the same rows, admins edit them.
DEFAULTS: dict[str, tuple[int | None, str]] = {
    Timer.PENDING_REMINDER: (3, Unit.CALENDAR_DAYS),
    Timer.PENDING_AUTO_RESOLVE: (4, Unit.CALENDAR_DAYS),
    Timer.WAITING_EXPIRY: (10, Unit.CALENDAR_DAYS),
    Timer.HOLD_EXPIRY: (None, Unit.CALENDAR_DAYS),
    Timer.AUTO_CLOSE: (3, Unit.CALENDAR_DAYS),
}


def add_days(
    start: datetime, days: int, unit: str, calendar: WorkCalendar | None = None
) -> datetime:
    """``start`` plus ``days`` calendar or business days of ``calendar`` (default: Monday to
    Friday), at the same wall-clock time (``helpdesk.core.calendar``)."""
    if unit == Unit.CALENDAR_DAYS:
        return days_after(start, days, calendar)
    if unit == Unit.BUSINESS_DAYS:
        return business_days_after(start, days, calendar)
    raise ValueError(f"unknown unit {unit!r}")


@dataclass(frozen=True)
class Duration:
    days: int | None
    unit: str

    def after(self, start: datetime) -> datetime:
        if self.days is None:
            raise ValueError("this timer has no duration of its own")
        return add_days(start, self.days, self.unit)


def policy(timer: str) -> Duration:
    """The admin's setting for ``timer`` (one query), or the default when the row is missing."""
    row = TimerPolicy.objects.filter(timer=timer).values_list("days", "unit").first()
    return Duration(*(row or DEFAULTS[timer]))


def hold_until(start: datetime, days: int) -> datetime:
    """The end of a hold of ``days`` days chosen by the agent, in the hold policy's unit."""
    return add_days(start, days, policy(Timer.HOLD_EXPIRY).unit)


def arm(ticket: Ticket, at: datetime) -> None:
    """Set the due instant of the status ``ticket`` has just entered (the transition cleared the
    others). No save: the calling service saves the ticket."""
    if ticket.status == Status.PENDING:
        ticket.remind_at = policy(Timer.PENDING_REMINDER).after(ticket.pending_since or at)
    elif ticket.status == Status.WAITING_ON_CUSTOMER:
        ticket.wait_until = policy(Timer.WAITING_EXPIRY).after(ticket.waiting_since or at)
    elif ticket.status == Status.RESOLVED:
        ticket.close_at = policy(Timer.AUTO_CLOSE).after(ticket.resolved_at or at)


def after_reminder(ticket: Ticket, at: datetime) -> None:
    """The reminder went out at ``at``: stop its countdown, start the auto-resolve one."""
    ticket.reminder_sent_at = at
    ticket.remind_at = None
    ticket.auto_resolve_at = policy(Timer.PENDING_AUTO_RESOLVE).after(at)
