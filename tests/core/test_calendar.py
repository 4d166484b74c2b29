"""Whole days forward and backward on a business calendar, at the same wall-clock time."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.core.calendar import (
    MondayToFriday,
    business_days_after,
    business_days_before,
    days_after,
    default_calendar,
)

UTC_MON_FRI = MondayToFriday(UTC)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (utc(2026, 3, 24, 9, 30), 2, utc(2026, 3, 20, 9, 30)),  # Tue → Fri
        (utc(2026, 3, 28, 12), 1, utc(2026, 3, 27, 12)),  # Sat → Fri
        (utc(2026, 3, 29, 12), 1, utc(2026, 3, 27, 12)),  # Sun → Fri
        (utc(2026, 3, 16, 9), 10, utc(2026, 3, 2, 9)),  # two whole weeks
        (utc(2026, 3, 24, 9), 0, utc(2026, 3, 24, 9)),
    ],
)
def test_business_days_before(start, days, expected):
    assert business_days_before(start, days, UTC_MON_FRI) == expected


def test_business_days_before_keep_the_wall_clock_across_a_dst_change():
    monday = datetime(2026, 3, 30, 10, tzinfo=AMSTERDAM)  # clocks went forward on Sunday 29th
    friday = business_days_before(monday, 1, MondayToFriday(AMSTERDAM))
    assert (friday.date(), friday.hour) == (date(2026, 3, 27), 10)
    assert monday.astimezone(UTC) - friday.astimezone(UTC) == timedelta(hours=71)


def test_calendar_days_count_weekends():
    assert days_after(utc(2026, 3, 5, 10), 3, UTC_MON_FRI) == utc(2026, 3, 8, 10)


def test_holidays_of_the_calendar_are_skipped_both_ways():
    class WithHoliday(MondayToFriday):
        def is_working_day(self, day):
            return super().is_working_day(day) and day != date(2026, 3, 9)

    calendar = WithHoliday(UTC)
    assert business_days_after(utc(2026, 3, 6, 10), 1, calendar) == utc(2026, 3, 10, 10)
    assert business_days_before(utc(2026, 3, 10, 10), 1, calendar) == utc(2026, 3, 6, 10)


def test_without_a_calendar_monday_to_friday_in_the_site_timezone(settings):
    settings.TIME_ZONE = "Europe/Madrid"
    madrid = ZoneInfo("Europe/Madrid")
    assert default_calendar() == MondayToFriday(madrid)
    friday = datetime(2026, 3, 6, 23, 30, tzinfo=madrid)  # Friday in Madrid, 22:30 UTC
    assert business_days_after(friday.astimezone(UTC), 1) == friday + timedelta(days=3)


def test_negative_days_and_calendars_without_working_days_are_refused():
    class Never(MondayToFriday):
        def is_working_day(self, day):
            return False

    with pytest.raises(ValueError, match="zero or more"):
        business_days_before(utc(2026, 3, 5), -1, UTC_MON_FRI)
    with pytest.raises(ValueError, match="no working days"):
        business_days_after(utc(2026, 3, 5), 1, Never(UTC))


@given(
    offset=st.integers(min_value=0, max_value=90 * 365 * 24 * 60),
    days=st.integers(min_value=0, max_value=60),
)
def test_back_undoes_forward_from_a_working_day(offset, days):
    start = utc(2000, 1, 1) + timedelta(minutes=offset)
    if not UTC_MON_FRI.is_working_day(start.date()):
        start += timedelta(days=7 - start.weekday())  # the next Monday
    later = business_days_after(start, days, UTC_MON_FRI)
    assert later.time() == start.time()
    assert UTC_MON_FRI.is_working_day(later.date())
    assert business_days_before(later, days, UTC_MON_FRI) == start
