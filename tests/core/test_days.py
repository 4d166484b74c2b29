"""Days as the pages write them ("7 Dec 2026"): the form field shows a day that way, reads it
back (and ISO), and says what to write when the text is not a day."""

from datetime import date

import pytest
import time_machine
from django import forms
from django.template import Context, Template

from helpdesk.core.days import BadDay, DayField, format_day, parse_day

TODAY = date(2026, 12, 7)


class DayForm(forms.Form):
    day = DayField(label="Day")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +00:00", tick=False):
        yield


def test_a_day_is_written_as_the_templates_write_it():
    written = Template('{{ day|date:"j M Y" }}').render(Context({"day": date(2026, 3, 5)}))

    assert format_day(date(2026, 3, 5)) == written == "5 Mar 2026"


@pytest.mark.parametrize(
    "text",
    [
        "7 Dec 2026",
        "07 dec 2026",
        "  7   Dec.  2026 ",
        "7 December 2026",
        "Mon 7 Dec 2026",
        "Monday, 7 December 2026",
        "2026-12-07",
    ],
)
def test_the_displayed_format_and_iso_are_read(text):
    assert parse_day(text) == TODAY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12/07/2026", "Write the day as day, month, year, e.g. 7 Dec 2026 (or 2026-12-07)."),
        ("next tuesday", "Write the day as day, month, year, e.g. 7 Dec 2026 (or 2026-12-07)."),
        ("7 Dex 2026", "Write the day as day, month, year, e.g. 7 Dec 2026 (or 2026-12-07)."),
        ("31 Feb 2026", "February 2026 has no day 31."),
        ("2026-13-01", "There is no month 13: write the day as e.g. 7 Dec 2026."),
        ("Tue 7 Dec 2026", "7 Dec 2026 is a Monday: check the day or the weekday."),
    ],
)
def test_anything_else_says_what_to_write(text, message):
    with pytest.raises(BadDay) as refused:
        parse_day(text)

    assert str(refused.value) == message


def test_the_form_shows_the_day_in_the_pages_format_with_a_visible_hint():
    html = str(DayForm(initial={"day": date(2026, 3, 5)})["day"])

    assert 'type="text"' in html
    assert 'value="5 Mar 2026"' in html
    assert 'aria-describedby="id_day_helptext"' in html
    assert DayForm().fields["day"].help_text == "Day, month, year, e.g. 7 Dec 2026."


def test_the_form_reads_back_what_it_showed():
    shown = format_day(date(2026, 3, 5))

    form = DayForm(data={"day": shown})

    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2026, 3, 5)


def test_a_bad_day_comes_back_as_typed_with_the_message():
    form = DayForm(data={"day": "31 Feb 2026"})

    assert not form.is_valid()
    assert form.errors["day"] == ["February 2026 has no day 31."]
    assert 'value="31 Feb 2026"' in str(form["day"])
