"""Whole days forward and backward on a business calendar, at the same wall-clock time.

A calendar is anything with a timezone ``tz`` and ``is_working_day(date)``: the SLA app's
business calendars (``sla.models.BusinessCalendar``, with their weekly working time, country
and custom holidays) are, and so is ``MondayToFriday``. Without a calendar the functions use
``default_calendar()``: Monday to Friday in ``settings.TIME_ZONE``.

Day arithmetic keeps the wall-clock time in the calendar's timezone: Thursday 10:00 plus three
business days is Tuesday 10:00, whatever DST did in between; a wall-clock time that does not
exist on the target day (a DST gap) moves forward by the gap. Business days count the working
days after (or before) the start's date: Friday + 1 is Monday, and so is Saturday + 1.

Business *minutes* (SLA deadlines) are another thing: ``sla.business_time``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

MAX_SCAN_DAYS = 3660  # a calendar with no working day for ten years is a broken calendar


class WorkCalendar(Protocol):
    """What day arithmetic needs from a calendar."""

    @property
    def tz(self) -> tzinfo: ...

    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class MondayToFriday:
    tz: tzinfo

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def default_calendar() -> MondayToFriday:
    return MondayToFriday(ZoneInfo(settings.TIME_ZONE))


def days_after(start: datetime, days: int, calendar: WorkCalendar | None = None) -> datetime:
    """``start`` plus ``days`` calendar days, at the same wall-clock time in the calendar's
    timezone."""
    return _move(start, days, calendar, business=False, step=1)


def business_days_after(
    start: datetime, days: int, calendar: WorkCalendar | None = None
) -> datetime:
    """``start`` plus ``days`` working days, at the same wall-clock time: Thursday 10:00 + 3 is
    Tuesday 10:00; Friday or Saturday + 1 is Monday."""
    return _move(start, days, calendar, business=True, step=1)


def business_days_before(
    instant: datetime, days: int, calendar: WorkCalendar | None = None
) -> datetime:
    """``instant`` minus ``days`` working days, at the same wall-clock time: Tuesday 09:00 - 2 is
    the previous Friday 09:00; Saturday or Sunday - 1 is Friday."""
    return _move(instant, days, calendar, business=True, step=-1)


def _move(
    start: datetime, days: int, calendar: WorkCalendar | None, *, business: bool, step: int
) -> datetime:
    if days < 0:
        raise ValueError("days must be zero or more")
    calendar = calendar or default_calendar()
    local = start.astimezone(calendar.tz)
    day = local.date()
    if business:
        day = _working_day(calendar, day, days, step)
    else:
        day += timedelta(days=days * step)
    return wall_clock(day, local.time(), calendar.tz)


def _working_day(calendar: WorkCalendar, day: date, days: int, step: int) -> date:
    """The ``days``-th working day after (``step`` 1) or before (``step`` -1) ``day``."""
    left, scanned = days, 0
    while left:
        day += timedelta(days=step)
        scanned += 1
        if calendar.is_working_day(day):
            left -= 1
        elif scanned > MAX_SCAN_DAYS:
            raise ValueError("the calendar has no working days")
    return day


def wall_clock(day: date, at: time, tz: tzinfo) -> datetime:
    """``day`` at the wall-clock time ``at`` in ``tz``; a time inside a DST gap moves forward by
    the gap (the round trip through UTC normalizes it)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC).astimezone(tz)
