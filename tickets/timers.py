"""When the ticket timers fall due: durations from ``TimerPolicy``, in calendar or business days.

A due instant is computed once, when the ticket enters the status (``arm``), and stored on the
row; the sweeps in ``tickets.sweeps`` compare it with now. Day arithmetic keeps the wall-clock
time of day in the calendar's time zone: entering Pending on Thursday 10:00 with a 3-business-day
reminder makes it due on Tuesday 10:00.

Business days come from a ``WorkCalendar``. Until the SLA engine brings business calendars
(holidays, per-team calendars) the only one is Monday to Friday in ``settings.TIME_ZONE``; the SLA
app plugs its calendars in with ``use_calendar`` without this module importing it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

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
MAX_SCAN_DAYS = 3660  # a calendar with no working day for ten years is a broken calendar


class WorkCalendar(Protocol):
    """What business-day arithmetic needs from a calendar."""

    tz: tzinfo

    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class MondayToFriday:
    tz: tzinfo

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def _default_calendar() -> WorkCalendar:
    return MondayToFriday(ZoneInfo(settings.TIME_ZONE))


_calendar_provider: Callable[[], WorkCalendar] = _default_calendar


def use_calendar(provider: Callable[[], WorkCalendar] | None) -> None:
    """Let another app (the SLA engine) supply the business calendar; ``None`` restores Mon–Fri."""
    global _calendar_provider
    _calendar_provider = provider or _default_calendar


def business_calendar() -> WorkCalendar:
    return _calendar_provider()


def add_days(
    start: datetime, days: int, unit: str, calendar: WorkCalendar | None = None
) -> datetime:
    """``start`` plus ``days`` calendar or business days, at the same wall-clock time.

    Business days count the working days after ``start``'s date: Friday + 1 is Monday, and a
    start on Saturday + 1 is Monday too. A wall-clock time that does not exist on the target day
    (a DST gap) moves forward by the gap.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    calendar = calendar or business_calendar()
    local = start.astimezone(calendar.tz)
    day = local.date()
    if unit == Unit.CALENDAR_DAYS:
        day += timedelta(days=days)
    elif unit == Unit.BUSINESS_DAYS:
        left, scanned = days, 0
        while left:
            day += timedelta(days=1)
            scanned += 1
            if calendar.is_working_day(day):
                left -= 1
            elif scanned > MAX_SCAN_DAYS:
                raise ValueError("the calendar has no working days")
    else:
        raise ValueError(f"unknown unit {unit!r}")
    wall = datetime.combine(day, local.time(), tzinfo=calendar.tz)
    # Round-trip through UTC: normalizes a wall time inside a DST gap.
    return wall.astimezone(UTC).astimezone(calendar.tz)


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
