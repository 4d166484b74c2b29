"""The SLA business calendars are the business calendars of whole-day arithmetic
(``helpdesk.core.calendar``): their weekly working time, holidays and timezone decide."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from helpdesk.core.calendar import business_days_after, business_days_before
from sla.business_time import CalendarSpec, compiled
from sla.models import BusinessCalendar, Holiday, WorkingInterval

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture
def madrid(db):
    """Monday to Saturday morning, Thursday 2026-03-26 off, Spain's public holidays."""
    calendar = BusinessCalendar.objects.create(
        name="Madrid office", timezone="Europe/Madrid", holiday_country="ES"
    )
    for day in range(5):
        WorkingInterval.objects.create(calendar=calendar, weekday=day, start=time(9), end=time(17))
    WorkingInterval.objects.create(calendar=calendar, weekday=5, start=time(9), end=time(13))
    Holiday.objects.create(calendar=calendar, date=date(2026, 3, 26), name="Local holiday")
    return calendar


def test_a_business_calendar_is_a_work_calendar(madrid):
    assert madrid.tz == MADRID
    assert [madrid.is_working_day(date(2026, 3, d)) for d in range(23, 30)] == [
        True,  # Monday
        True,
        True,
        False,  # the custom holiday
        True,
        True,  # Saturday morning is working time
        False,  # Sunday
    ]
    assert madrid.is_working_day(date(2026, 1, 6)) is False  # Epiphany, a public holiday in ES


def test_days_forward_and_back_on_a_business_calendar(madrid):
    wednesday = datetime(2026, 3, 25, 16, tzinfo=MADRID)

    assert business_days_after(wednesday, 1, madrid) == datetime(2026, 3, 27, 16, tzinfo=MADRID)
    assert business_days_after(wednesday, 3, madrid) == datetime(2026, 3, 30, 16, tzinfo=MADRID)
    monday = datetime(2026, 3, 30, 8, tzinfo=UTC)  # 10:00 in Madrid (summer time since Sunday)
    assert business_days_before(monday, 3, madrid) == datetime(2026, 3, 25, 10, tzinfo=MADRID)


def test_the_compiled_calendar_answers_the_same():
    spec = CalendarSpec(timezone="UTC", weekly={0: ((540, 1020),)}, holidays=frozenset())
    calendar = compiled(spec)
    assert calendar.is_working_day(date(2026, 3, 23)) is True  # Monday
    assert calendar.is_working_day(date(2026, 3, 24)) is False
    assert business_days_after(datetime(2026, 3, 23, 9, tzinfo=UTC), 1, calendar) == datetime(
        2026, 3, 30, 9, tzinfo=UTC
    )
