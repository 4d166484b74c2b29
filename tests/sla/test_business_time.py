"""Business-time arithmetic: hand-computed cases, then properties against a minute-by-minute
reference over random calendars, timezones with DST, holidays and starts outside hours."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sla.business_time import (
    CalendarSpec,
    add_business_minutes,
    business_minutes_between,
    compiled,
    standard_day_minutes,
)

NINE_TO_FIVE = {day: ((9 * 60, 17 * 60),) for day in range(5)}
MADRID = ZoneInfo("Europe/Madrid")


def office(tz="Europe/Madrid", holidays=(), weekly=None, **kwargs):
    return compiled(
        CalendarSpec(
            timezone=tz,
            weekly=NINE_TO_FIVE if weekly is None else weekly,
            holidays=frozenset(holidays),
            **kwargs,
        )
    )


def at(*args, tz=MADRID):
    return datetime(*args, tzinfo=tz)


# --- hand-computed cases ------------------------------------------------------------------------


def test_within_one_day():
    cal = office()
    assert add_business_minutes(cal, at(2026, 3, 2, 10), 120) == at(2026, 3, 2, 12)
    assert business_minutes_between(cal, at(2026, 3, 2, 10), at(2026, 3, 2, 12)) == 120


def test_start_before_opening_counts_from_opening():
    cal = office()
    assert add_business_minutes(cal, at(2026, 3, 2, 6), 60) == at(2026, 3, 2, 10)


def test_friday_afternoon_rolls_over_the_weekend():
    cal = office()
    # Friday 16:00 + 2 business hours = Monday 10:00
    assert add_business_minutes(cal, at(2026, 3, 6, 16), 120) == at(2026, 3, 9, 10)
    assert business_minutes_between(cal, at(2026, 3, 6, 16), at(2026, 3, 9, 10)) == 120


def test_deadline_exactly_at_closing_stays_that_day():
    cal = office()
    assert add_business_minutes(cal, at(2026, 3, 6, 16), 60) == at(2026, 3, 6, 17)


def test_custom_holiday_is_skipped():
    cal = office(holidays=[date(2026, 3, 9)])
    assert add_business_minutes(cal, at(2026, 3, 6, 16), 120) == at(2026, 3, 10, 10)


def test_country_holidays_come_from_the_holidays_package():
    cal = office(tz="America/New_York", holiday_country="US")
    new_york = ZoneInfo("America/New_York")
    # 2026-07-03 (Fri) is the observed Independence Day: Thursday 16:00 + 2h = Monday 10:00
    assert add_business_minutes(cal, at(2026, 7, 2, 16, tz=new_york), 120) == at(
        2026, 7, 6, 10, tz=new_york
    )


def test_dst_spring_forward_inside_working_hours():
    # Madrid jumps 02:00 -> 03:00 on 2026-03-29 (Sunday); a 24h calendar loses that hour.
    cal = office(weekly={day: ((0, 1440),) for day in range(7)})
    start, end = at(2026, 3, 29, 0), at(2026, 3, 30, 0)
    assert business_minutes_between(cal, start, end) == 23 * 60
    assert add_business_minutes(cal, start, 23 * 60) == end


def test_dst_fall_back_repeated_hour_counts_twice():
    cal = office(weekly={day: ((0, 1440),) for day in range(7)})
    start, end = at(2026, 10, 25, 0), at(2026, 10, 26, 0)
    assert business_minutes_between(cal, start, end) == 25 * 60


def test_one_business_day_on_a_split_day_calendar():
    weekly = {day: ((9 * 60, 12 * 60), (13 * 60, 17 * 60)) for day in range(5)}
    cal = office(weekly=weekly)
    assert standard_day_minutes(cal.spec) == 7 * 60
    assert add_business_minutes(cal, at(2026, 3, 2, 11), 7 * 60) == at(2026, 3, 3, 11)
    assert add_business_minutes(cal, at(2026, 3, 2, 11, 30), 60) == at(2026, 3, 2, 13, 30)


def test_always_open_is_plain_elapsed_time_and_ignores_holidays():
    cal = office(
        always_open=True, weekly={d: ((0, 1440),) for d in range(7)}, holidays=[date(2026, 1, 1)]
    )
    start = datetime(2026, 1, 1, 3, tzinfo=UTC)
    assert add_business_minutes(cal, start, 60) == start + timedelta(hours=1)


def test_across_years():
    cal = office()
    start = at(2026, 12, 31, 16)
    assert add_business_minutes(cal, start, 120) == at(2027, 1, 1, 10)
    assert business_minutes_between(cal, start, at(2027, 1, 1, 10)) == 120


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_minutes(office(), datetime(2026, 3, 2, 10), 5)  # noqa: DTZ001


def test_a_calendar_without_working_time_says_so():
    with pytest.raises(ValueError, match="no working time"):
        add_business_minutes(office(weekly={}), at(2026, 3, 2, 10), 5)


# --- properties against the minute-by-minute reference -----------------------------------------

ZONES = ["UTC", "Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
         "Asia/Kolkata", "Pacific/Chatham"]  # fmt: skip


def reference_is_business(spec: CalendarSpec, moment: datetime) -> bool:
    local = moment.astimezone(ZoneInfo(spec.timezone))
    if spec.always_open:
        return True
    if local.date() in spec.holidays:
        return False
    minute_of_day = local.hour * 60 + local.minute
    return any(s <= minute_of_day < e for s, e in spec.weekly.get(local.weekday(), ()))


def reference_between(spec, start, end) -> int:
    count, moment = 0, start
    while moment < end:
        count += reference_is_business(spec, moment)
        moment += timedelta(minutes=1)
    return count


@st.composite
def specs(draw):
    weekly = {}
    for day in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, 48), max_size=4)))
        pairs = [(a * 30, b * 30) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
        if pairs:
            weekly[day] = tuple(pairs)
    if not weekly:
        weekly = {0: ((9 * 60, 17 * 60),)}
    holidays = draw(st.sets(st.dates(date(2026, 3, 1), date(2026, 11, 30)), max_size=6))
    return CalendarSpec(
        timezone=draw(st.sampled_from(ZONES)), weekly=weekly, holidays=frozenset(holidays)
    )


# Starts around the DST changes of the sampled zones, at minute resolution.
starts = st.sampled_from(
    [
        datetime(2026, 3, 27, tzinfo=UTC),
        datetime(2026, 4, 3, tzinfo=UTC),
        datetime(2026, 9, 4, tzinfo=UTC),
        datetime(2026, 10, 23, tzinfo=UTC),
        datetime(2026, 11, 1, tzinfo=UTC),
        datetime(2026, 6, 1, tzinfo=UTC),
    ]
).flatmap(lambda base: st.integers(0, 6 * 24 * 60).map(lambda m: base + timedelta(minutes=m)))

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(spec=specs(), start=starts, span=st.integers(0, 4 * 24 * 60))
def test_between_matches_the_minute_by_minute_reference(spec, start, span):
    end = start + timedelta(minutes=span)
    assert business_minutes_between(compiled(spec), start, end) == reference_between(
        spec, start, end
    )


@PROPERTY
@given(spec=specs(), start=starts, minutes=st.integers(1, 3 * 8 * 60))
def test_add_matches_the_reference_and_inverts_between(spec, start, minutes):
    cal = compiled(spec)
    deadline = add_business_minutes(cal, start, minutes)
    # The deadline is the first instant by which exactly `minutes` business minutes have passed.
    assert business_minutes_between(cal, start, deadline) == minutes
    assert reference_between(spec, start, deadline) == minutes
    assert reference_is_business(spec, deadline - timedelta(minutes=1))


@PROPERTY
@given(spec=specs(), start=starts, span=st.integers(0, 3 * 24 * 60))
def test_add_of_between_never_passes_end(spec, start, span):
    cal = compiled(spec)
    end = start + timedelta(minutes=span)
    counted = business_minutes_between(cal, start, end)
    assert add_business_minutes(cal, start, counted) <= end
