"""Calendar days as people read and type them: the one format the helpdesk writes a day in
(``DAY_FORMAT``, "7 Dec 2026", what the templates' ``|date:"j M Y"`` writes), and the form field
that shows a day in it and reads it back.

Why a text input and not ``<input type=date>``: a date input shows the day in the *browser's*
format (12/07/2026 in an American browser), never the one the rest of the page uses, and its
value cannot be typed the way the page writes it. A text input shows exactly what the page
writes, needs no JavaScript, works with every screen reader, and its visible hint says the
format. It reads the displayed format (with or without a weekday, short or full month names,
any case) and ISO (2026-12-07, what links, bookmarks and scripts send). Slashes are refused:
7/12/2026 is 7 December to some and 12 July to others.
"""

import calendar
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy

DAY_FORMAT = "j M Y"

# English names, whatever the server's locale (the pages are in English).
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS["sept"] = 9
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAYS_BY_NUMBER = [name[:3].lower() for name in WEEKDAY_NAMES]
_WEEKDAYS = {form for name in WEEKDAY_NAMES for form in (name.lower(), name[:3].lower())}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WRITTEN = re.compile(r"(?:([a-z]+)\.?,?\s+)?(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})")


def format_day(day: date) -> str:
    """``7 Dec 2026``: as every page writes a day."""
    return date_format(day, DAY_FORMAT)


def _example() -> str:
    return f"Day, month, year, e.g. {format_day(timezone.localdate())}."


example_hint = lazy(_example, str)


class BadDay(ValueError):
    """Text that is not a day; the message says what to write instead."""


def parse_day(text: str) -> date:
    """The day written as the helpdesk writes it ("7 Dec 2026", "Mon 7 Dec 2026", "7 December
    2026") or in ISO ("2026-12-07"). Raises ``BadDay`` with a sentence for anything else."""
    cleaned = " ".join(str(text).split()).lower()
    iso = _ISO.fullmatch(cleaned)
    written = None if iso else _WRITTEN.fullmatch(cleaned)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif written and (written[1] is None or written[1] in _WEEKDAYS) and written[3] in _MONTHS:
        day, month, year = int(written[2]), _MONTHS[written[3]], int(written[4])
    else:
        today = timezone.localdate()
        raise BadDay(
            f"Write the day as day, month, year, e.g. {format_day(today)} (or {today.isoformat()})."
        )
    if not 1 <= month <= 12:
        raise BadDay(
            f"There is no month {month}: write the day as e.g. {format_day(timezone.localdate())}."
        )
    if not 1 <= year <= 9999:
        raise BadDay(f"Write a year between 1 and 9999, not {year}.")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise BadDay(f"{MONTH_NAMES[month - 1]} {year} has no day {day}.")
    parsed = date(year, month, day)
    weekday = written[1] if written else None
    if weekday and _WEEKDAYS_BY_NUMBER[parsed.weekday()] != weekday[:3]:
        named = WEEKDAY_NAMES[parsed.weekday()]
        raise BadDay(f"{format_day(parsed)} is a {named}: check the day or the weekday.")
    return parsed


class DayInput(forms.TextInput):
    """A text input showing a day as the pages write it: a day typed another way that is read
    (ISO from a link) comes back in that format, anything else exactly as typed."""

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = parse_day(value)
            except BadDay:
                return value
        if isinstance(value, date):
            return format_day(value)
        return super().format_value(value)


class DayField(forms.DateField):
    """A day, shown and read in the helpdesk's format (ISO read too); a visible hint with
    today's date in that format unless the form gives its own help text."""

    widget = DayInput

    def __init__(self, *, help_text=None, **kwargs):
        super().__init__(help_text=example_hint() if help_text is None else help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_day(value)
        except BadDay as error:
            raise ValidationError(str(error), code="invalid") from error
