"""ISO weeks: parse what the pages receive, Monday to Sunday in the current timezone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from helpdesk.core.weeks import (
    Week,
    iso_week,
    monday_of,
    parse_iso_week,
    week_bounds,
    week_containing,
    week_of,
)

WEEK = Week(date(2026, 3, 23))


@pytest.fixture
def madrid(settings):
    settings.TIME_ZONE = "Europe/Madrid"
    return ZoneInfo("Europe/Madrid")


def test_iso_weeks_by_their_monday():
    assert monday_of(date(2026, 3, 29)) == date(2026, 3, 23)  # Sunday
    assert iso_week(date(2026, 3, 29)) == "2026-W13"
    assert iso_week(date(2027, 1, 3)) == "2026-W53"
    assert parse_iso_week("2026-W13") == date(2026, 3, 23)
    assert parse_iso_week("2027-W01") == date(2027, 1, 4)


@pytest.mark.parametrize(
    "value", [None, "", "nonsense", "2026-W99", "2026-W", "0001-W01", "9999-W52", "2026-W1x"]
)
def test_anything_but_a_week_with_neighbours_is_none(value):
    assert parse_iso_week(value) is None


def test_a_week_and_its_neighbours(madrid):
    with time_machine.travel(datetime(2026, 3, 26, 12, tzinfo=madrid), tick=False):
        assert week_of("2026-W13") == WEEK
        assert week_of(None) == week_of("nonsense") == week_of("2026-W99") == WEEK
        assert Week.current() == WEEK
        assert (WEEK.is_current, WEEK.is_future, WEEK.next.is_future) == (True, False, True)
    assert (WEEK.iso, WEEK.previous.iso, WEEK.next.iso) == ("2026-W13", "2026-W12", "2026-W14")
    assert WEEK.sunday == date(2026, 3, 29)
    assert (WEEK.start, WEEK.end) == (
        datetime(2026, 3, 23, tzinfo=madrid),
        datetime(2026, 3, 30, tzinfo=madrid),
    )


def test_week_bounds_are_local_midnights(madrid):
    start, end = week_bounds(date(2026, 3, 23))
    assert start == datetime(2026, 3, 23, tzinfo=madrid)
    assert end == datetime(2026, 3, 30, tzinfo=madrid)  # local midnight after the DST change
    assert week_bounds(date(2026, 3, 23), ZoneInfo("UTC"))[0].utcoffset().total_seconds() == 0


def test_a_day_names_the_week_it_is_in(madrid):
    with time_machine.travel(datetime(2026, 3, 26, 12, tzinfo=madrid), tick=False):
        assert week_containing("2026-03-29") == WEEK
        assert week_containing("2026-03-30") == WEEK.next
        for value in (None, "", "nonsense", "0001-01-01", "9999-12-31"):
            assert week_containing(value) == WEEK
