"""ISO weeks, Monday to Sunday, for the weekly pages (the leads' review, Changing of the Guard,
My time).

A week is named by its Monday (``Week``). A page reads the week asked for with ``week_of``
(``2026-W13``, what an ``<input type=week>`` sends) or ``week_containing`` (a day,
``2026-03-23``); anything else, and the weeks whose neighbours do not exist (years 1 and 9999,
the pages link the weeks before and after), is the current week. Days are local dates in the
current timezone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

WEEK = timedelta(days=7)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def this_monday() -> date:
    return monday_of(timezone.localdate())


def iso_week(day: date) -> str:
    """The ISO week of ``day``: ``2026-W13``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_iso_week(value: str | None) -> date | None:
    """``2026-W13`` → its Monday; None for anything else or a week at the edge of the calendar."""
    try:
        year, week = (value or "").split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None
    return monday if _has_neighbours(monday) else None


def monday_of_iso_week(value: str | None) -> date:
    """``2026-W13`` → its Monday; anything else → this week's Monday."""
    return parse_iso_week(value) or this_monday()


def week_bounds(monday: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The week starting on ``monday`` as instants ``[start, end)``: local midnights in ``tz``
    (default: the current timezone)."""
    start = datetime.combine(monday, time.min, tzinfo=tz or timezone.get_current_timezone())
    return start, start + WEEK


def _has_neighbours(monday: date) -> bool:
    return 1 < monday.year < 9999


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def current(cls) -> "Week":
        return cls(this_monday())

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return week_bounds(self.monday)

    @property
    def start(self) -> datetime:
        return self.bounds[0]

    @property
    def end(self) -> datetime:
        return self.bounds[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def iso(self) -> str:
        return iso_week(self.monday)

    @property
    def previous(self) -> "Week":
        return Week(self.monday - WEEK)

    @property
    def next(self) -> "Week":
        return Week(self.monday + WEEK)

    @property
    def is_current(self) -> bool:
        return self.monday == this_monday()

    @property
    def is_future(self) -> bool:
        return self.monday > this_monday()


def week_of(value: str | None = None) -> Week:
    """``2026-W13`` → that ISO week; anything else → the current week."""
    return Week(monday_of_iso_week(value))


def week_containing(value: str | None = None) -> Week:
    """A day (``2026-03-23``) → the week it is in; anything else → the current week."""
    try:
        monday = monday_of(date.fromisoformat(value or ""))
    except ValueError:
        return Week.current()
    return Week(monday) if _has_neighbours(monday) else Week.current()
