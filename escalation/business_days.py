"""Whole business days back from an instant, for the T3 morning check ("2 business days").

Monday to Friday in ``settings.TIME_ZONE`` by default. The SLA app, which depends on this one,
may plug in its calendars with ``use_calendar`` (a callable answering "is this date a working
day?"), so this module never imports it.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

MAX_SCAN_DAYS = 3660


def _monday_to_friday(day: date) -> bool:
    return day.weekday() < 5


_is_working_day: Callable[[date], bool] = _monday_to_friday


def use_calendar(is_working_day: Callable[[date], bool] | None) -> None:
    """Let another app decide which days are working days; ``None`` restores Monday–Friday."""
    global _is_working_day
    _is_working_day = is_working_day or _monday_to_friday


def business_days_before(instant: datetime, days: int) -> datetime:
    """``instant`` minus ``days`` working days, at the same wall-clock time.

    Tuesday 09:00 minus 2 is the previous Friday 09:00; a Saturday minus 1 is Friday. A time
    that falls in a DST gap on the target day moves by the gap.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    tz = ZoneInfo(settings.TIME_ZONE)
    local = instant.astimezone(tz)
    day, left, scanned = local.date(), days, 0
    while left:
        day -= timedelta(days=1)
        scanned += 1
        if _is_working_day(day):
            left -= 1
        elif scanned > MAX_SCAN_DAYS:
            raise ValueError("the calendar has no working days")
    wall = datetime.combine(day, local.time(), tzinfo=tz)
    return wall.astimezone(UTC).astimezone(tz)
