"""Business-time arithmetic on a business calendar.

Two functions carry everything:

- ``add_business_minutes(calendar, start, minutes)``: the instant at which ``minutes`` of
  business time have passed since ``start``.
- ``business_minutes_between(calendar, start, end)``: whole business minutes in ``[start, end)``.

Semantics (what the property tests check against a minute-by-minute reference): an instant is
business time when its wall-clock time in the calendar's timezone falls inside one of that
weekday's working intervals ``[start, end)`` and its local date is not a holiday (a 24×7
calendar is business time always). Business time is real elapsed time: on the night clocks go
back, a repeated working hour counts twice; on the night they go forward, the hour that never
happens counts zero.

Speed: a calendar is compiled once per UTC year into a sorted table of business segments (real
instants) with running totals, so each call is a few binary searches: the work per call grows
with the number of years spanned, not with minutes or days.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays as _holidays

DAY = 86_400
MAX_EMPTY_YEARS = 3


@dataclass(frozen=True)
class CalendarSpec:
    """What the arithmetic needs to know about a calendar, free of the ORM."""

    timezone: str
    # weekday (0 = Monday) -> sorted, non-overlapping (start_minute, end_minute) pairs
    weekly: dict[int, tuple[tuple[int, int], ...]]
    holidays: frozenset[date] = frozenset()
    holiday_country: str = ""
    holiday_subdivision: str = ""
    always_open: bool = False


@dataclass
class _YearTable:
    starts: list[int]
    ends: list[int]
    cum_before: list[int]  # business seconds in the year before each segment
    cum_after: list[int]  # business seconds in the year up to each segment's end
    total: int


@dataclass
class CompiledCalendar:
    spec: CalendarSpec
    tz: ZoneInfo = field(init=False)
    _years: dict[int, _YearTable] = field(default_factory=dict, init=False)
    _holiday_years: set[int] = field(default_factory=set, init=False)
    _holidays: set[date] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.spec.timezone)
        self._holidays = set(self.spec.holidays)

    # --- days (``helpdesk.core.calendar.WorkCalendar``) -------------------------------------
    def is_working_day(self, day: date) -> bool:
        """A working day has working time on its weekday and is not a holiday. Whole business
        days forward and backward are ``helpdesk.core.calendar``'s, on this calendar."""
        return bool(self.spec.weekly.get(day.weekday())) and not self._is_holiday(day)

    # --- tables ---------------------------------------------------------------------------
    def _is_holiday(self, day: date) -> bool:
        if self.spec.always_open:
            return False
        if self.spec.holiday_country and day.year not in self._holiday_years:
            self._holiday_years.add(day.year)
            self._holidays.update(
                _holidays.country_holidays(
                    self.spec.holiday_country,
                    subdiv=self.spec.holiday_subdivision or None,
                    years=day.year,
                ).keys()
            )
        return day in self._holidays

    def _offset(self, instant: int) -> int:
        moment = datetime.fromtimestamp(instant, tz=UTC).astimezone(self.tz)
        offset = moment.utcoffset()
        assert offset is not None  # astimezone() gives an aware datetime
        return int(offset.total_seconds())

    def _offset_spans(self, begin: int, finish: int) -> list[tuple[int, int, int]]:
        """Split ``[begin, finish)`` into spans of constant UTC offset: (start, end, offset)."""
        spans = []
        span_start, offset = begin, self._offset(begin)
        probe = begin
        while probe < finish:
            step = min(probe + DAY // 4, finish)
            next_offset = self._offset(step) if step < finish else offset
            if next_offset != offset:
                low, high = probe, step  # offset(low) == offset, offset(high) != offset
                while high - low > 1:
                    middle = (low + high) // 2
                    if self._offset(middle) == offset:
                        low = middle
                    else:
                        high = middle
                spans.append((span_start, high, offset))
                span_start, offset = high, self._offset(high)
            probe = step
        spans.append((span_start, finish, offset))
        return spans

    def _year(self, year: int) -> _YearTable:
        table = self._years.get(year)
        if table is None:
            table = self._build_year(year)
            self._years[year] = table
        return table

    def _build_year(self, year: int) -> _YearTable:
        begin = _calendar.timegm((year, 1, 1, 0, 0, 0))
        finish = _calendar.timegm((year + 1, 1, 1, 0, 0, 0))
        segments: list[tuple[int, int]] = []
        for span_start, span_end, offset in self._offset_spans(begin, finish):
            local_first = (span_start + offset) // DAY
            local_last = (span_end - 1 + offset) // DAY
            for local_day in range(local_first, local_last + 1):
                day = date(1970, 1, 1) + timedelta(days=local_day)
                if not self.is_working_day(day):
                    continue
                intervals = self.spec.weekly[day.weekday()]
                midnight = local_day * DAY - offset  # the real instant of local 00:00
                for start_minute, end_minute in intervals:
                    seg_start = max(span_start, midnight + start_minute * 60)
                    seg_end = min(span_end, midnight + end_minute * 60)
                    if seg_start < seg_end:
                        segments.append((seg_start, seg_end))
        segments.sort()
        merged: list[list[int]] = []
        for seg_start, seg_end in segments:
            if merged and seg_start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], seg_end)
            else:
                merged.append([seg_start, seg_end])
        starts, ends, before, after, total = [], [], [], [], 0
        for seg_start, seg_end in merged:
            starts.append(seg_start)
            ends.append(seg_end)
            before.append(total)
            total += seg_end - seg_start
            after.append(total)
        return _YearTable(starts, ends, before, after, total)

    # --- arithmetic on epoch seconds ------------------------------------------------------
    def _cum(self, table: _YearTable, instant: int) -> int:
        index = bisect.bisect_right(table.starts, instant) - 1
        if index < 0:
            return 0
        return table.cum_before[index] + min(instant, table.ends[index]) - table.starts[index]

    def seconds_between(self, start: int, end: int) -> int:
        if end < start:
            return -self.seconds_between(end, start)
        year_start, year_end = _utc_year(start), _utc_year(end)
        first = self._year(year_start)
        if year_start == year_end:
            return self._cum(first, end) - self._cum(first, start)
        total = first.total - self._cum(first, start)
        for year in range(year_start + 1, year_end):
            total += self._year(year).total
        return total + self._cum(self._year(year_end), end)

    def add_seconds(self, start: int, seconds: int) -> int:
        if seconds < 0:
            raise ValueError("Business time only moves forward: minutes must be >= 0.")
        if seconds == 0:
            return start
        year = _utc_year(start)
        table = self._year(year)
        target = self._cum(table, start) + seconds
        empty_years = 0
        while target > table.total:
            target -= table.total
            empty_years = empty_years + 1 if table.total == 0 else 0
            if empty_years > MAX_EMPTY_YEARS:
                raise ValueError("The calendar has no working time: the deadline never comes.")
            year += 1
            table = self._year(year)
        index = bisect.bisect_left(table.cum_after, target)
        return table.starts[index] + (target - table.cum_before[index])


_YEAR_STARTS = [_calendar.timegm((year, 1, 1, 0, 0, 0)) for year in range(1970, 2401)]


def _utc_year(instant: int) -> int:
    if 0 <= instant < _YEAR_STARTS[-1]:
        return 1969 + bisect.bisect_right(_YEAR_STARTS, instant)
    return datetime.fromtimestamp(instant, tz=UTC).year


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("Business-time arithmetic needs timezone-aware datetimes.")
    return int(moment.timestamp())


def compiled(calendar) -> CompiledCalendar:
    """The compiled form of a calendar: a ``CalendarSpec``, a ``CompiledCalendar`` or a model
    instance with ``spec()`` (compiled once and kept on the instance)."""
    if isinstance(calendar, CompiledCalendar):
        return calendar
    if isinstance(calendar, CalendarSpec):
        return CompiledCalendar(calendar)
    cached = getattr(calendar, "_compiled_calendar", None)
    if cached is None:
        key = (type(calendar).__name__, calendar.pk, getattr(calendar, "updated_at", None))
        cached = _COMPILED.get(key) if calendar.pk else None
        if cached is None:
            cached = CompiledCalendar(calendar.spec())
            if calendar.pk:
                _COMPILED[key] = cached
        calendar._compiled_calendar = cached
    return cached


# Compiled calendars shared by every instance of a saved calendar; emptied whenever a calendar,
# its intervals or its holidays change (see sla/receivers.py).
_COMPILED: dict[tuple, CompiledCalendar] = {}


def forget_compiled_calendars() -> None:
    _COMPILED.clear()


def add_business_minutes(calendar, start: datetime, minutes: int) -> datetime:
    """The instant at which ``minutes`` business minutes have passed since ``start``."""
    if minutes == 0:
        _epoch(start)
        return start
    result = compiled(calendar).add_seconds(_epoch(start), int(minutes) * 60)
    return datetime.fromtimestamp(result, tz=UTC)


def business_minutes_between(calendar, start: datetime, end: datetime) -> int:
    """Whole business minutes in ``[start, end)`` (negative when ``end`` is before ``start``)."""
    seconds = compiled(calendar).seconds_between(_epoch(start), _epoch(end))
    return seconds // 60 if seconds >= 0 else -((-seconds) // 60)


def standard_day_minutes(spec: CalendarSpec) -> int:
    """A business day: the calendar's most common daily working time (24 h for 24×7)."""
    if spec.always_open:
        return 24 * 60
    totals = [sum(end - start for start, end in spec.weekly.get(day, ())) for day in range(7)]
    working = [total for total in totals if total]
    if not working:
        return 0
    return max(set(working), key=lambda total: (working.count(total), total))
