"""HTML forms of the time pages: parse and show errors next to fields. The rules (billable,
one call a day, whose entry) stay in ``timesheets.services``; a refusal lands on the form
through ``helpdesk.core.forms.apply_domain_error``."""

from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from helpdesk.core.days import DayField
from helpdesk.core.forms import BulmaMixin, bulma
from helpdesk.core.weeks import monday_of
from tickets.models import Organization

from . import selectors
from .states import Activity

GROUP_CHOICES = list(selectors.GROUPS.items())


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class EntryForm(forms.Form):
    """Manual entry: on My time (any ticket, or self-learning) and in a ticket's time panel."""

    ticket = forms.IntegerField(
        label="Ticket number",
        required=False,
        min_value=1,
        help_text="Leave empty only for self-learning.",
    )
    task = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    date = DayField()
    minutes = forms.IntegerField(
        min_value=1, max_value=24 * 60, help_text="Whole minutes, e.g. 90 for an hour and a half."
    )
    activity = forms.ChoiceField(choices=Activity.choices)
    billable = forms.BooleanField(
        required=False, initial=True, help_text="Self-learning is never billable."
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Internal: customers never see notes.",
    )

    def __init__(self, *args, fixed_ticket: bool = False, prefix_id: str = "", **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", selectors.today())
        kwargs["initial"].setdefault("billable", True)
        if prefix_id:
            kwargs.setdefault("auto_id", f"{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        if fixed_ticket:
            self.fields["ticket"].widget = forms.HiddenInput()
        self.fields["activity"].widget.attrs["data-activity"] = ""
        self.fields["billable"].widget.attrs["data-billable"] = ""
        bulma(self, small=fixed_ticket)


class EntryEditForm(forms.Form):
    date = DayField()
    minutes = forms.IntegerField(min_value=1, max_value=24 * 60)
    activity = forms.ChoiceField(choices=Activity.choices)
    billable = forms.BooleanField(required=False, help_text="Self-learning is never billable.")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].widget.attrs["data-activity"] = ""
        self.fields["billable"].widget.attrs["data-billable"] = ""
        bulma(self)


class TimerForm(forms.Form):
    ticket = forms.IntegerField(required=False, min_value=1)
    task = forms.IntegerField(required=False, min_value=1)
    activity = forms.ChoiceField(choices=Activity.choices, initial=Activity.RESEARCH)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _offer_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class CallForm(forms.Form):
    """Book a technical call: a day and a local time (the desk's timezone), the meeting link,
    and up to two more times to offer the customer."""

    day = DayField(label="Day")
    time = forms.TimeField(label="Start time", widget=TimeInput)
    meeting_url = forms.CharField(
        label="Meeting link",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="Sent to the customer with the invitation (http or https).",
    )
    offer_2 = _offer_field("Or offer another time")
    offer_3 = _offer_field("And another time")
    note = forms.CharField(
        label="Topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the consultant said the customer wants to discuss.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "call_%s")
        kwargs.setdefault(
            "initial", {"day": selectors.today() + timedelta(days=1), "time": "10:00"}
        )
        super().__init__(*args, **kwargs)
        bulma(self, small=True)

    def scheduled_at(self) -> datetime:
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)

    def offers(self) -> list[datetime]:
        """The other times offered (the desk's timezone), besides the day and time above."""
        return [
            self.cleaned_data[name] for name in ("offer_2", "offer_3") if self.cleaned_data[name]
        ]


class CallHeldForm(forms.Form):
    minutes = forms.IntegerField(min_value=1, max_value=24 * 60, initial=60)
    summary = forms.CharField(required=False, max_length=5000)
    note = forms.CharField(required=False, max_length=2000)


class NoShowForm(forms.Form):
    waited_minutes = forms.IntegerField(required=False, min_value=1, max_value=24 * 60)


class CancelCallForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)


class FollowUpForm(forms.Form):
    due_on = DayField(label="Due on")
    note = forms.CharField(label="What to follow up on", max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "follow_up_%s")
        days = settings.HELPDESK_FOLLOW_UP_DAYS
        kwargs.setdefault(
            "initial",
            {"due_on": selectors.today() + timedelta(days=days), "note": "Follow up on the email."},
        )
        super().__init__(*args, **kwargs)
        bulma(self, small=True)


class ReportForm(BulmaMixin, forms.Form):
    """Filters of the leads' report: a date range (default: the last four weeks), an
    organization, and how to group the hours."""

    date_from = DayField(
        label="From",
        required=False,
        validators=[MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(9998, 12, 31))],
    )
    date_to = DayField(
        label="To",
        required=False,
        validators=[MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(9998, 12, 31))],
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="All organizations",
    )
    group_by = forms.ChoiceField(label="Group by", choices=GROUP_CHOICES, required=False)

    @staticmethod
    def defaults(date_to=None) -> dict:
        """The last four weeks (this one included), by organization."""
        date_to = date_to or selectors.today()
        date_from = monday_of(date_to) - timedelta(weeks=3)
        return {"date_from": date_from, "date_to": date_to, "group_by": "organization"}

    def clean(self):
        data = super().clean()
        if "date_to" in self.errors or "date_from" in self.errors:
            return data
        defaults = self.defaults(data.get("date_to"))
        for key, value in defaults.items():
            data[key] = data.get(key) or value
        if data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the range comes after its start.")
        elif (data["date_to"] - data["date_from"]).days > 366 * 2:
            self.add_error("date_from", "Report at most two years at once.")
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "organization": data.get("organization"),
            "group_by": data["group_by"],
        }
