"""HTML forms of the Changing of the Guard page and the status-posting page. They parse and
show errors; the rules stay in ``knownissues.policies`` and ``knownissues.services``."""

from django import forms
from django.contrib.auth import get_user_model

from helpdesk.core.forms import BulmaMixin, bulma

from .policies import SUMMARY_MAX_CHARS
from .states import LogKind

# The services name their fields as the forms do, except the ticket number.
# The services name the ticket "ticket"; the log form asks for its number.
FIELD_ALIASES = {"ticket": "ticket_number"}


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=LogKind.choices, initial=LogKind.OPEN_LOOP)
    text = forms.CharField(
        label="What was done, or what is still open",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hotfixes, SQL scripts run (and who they affected), loops not yet closed.",
        error_messages={"required": "Write what was done or what is still open."},
    )
    ticket_number = forms.IntegerField(
        label="Ticket number",
        required=False,
        min_value=1,
        help_text="The ticket it concerns, e.g. 1234.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "log_%s")
        super().__init__(*args, **kwargs)
        bulma(self)


class SummaryForm(BulmaMixin, forms.Form):
    summary = forms.CharField(
        label="Public summary",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "What everyone on the internet will read. No customer names, no ticket numbers, "
            "no internal detail."
        ),
        error_messages={"required": "Write what the public should read."},
    )


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label="Why it comes down (staff only)",
        max_length=500,
        help_text="Goes on the on-call log for the hand-over.",
        error_messages={"required": "Write the reason (staff only)."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "down_%s")
        super().__init__(*args, **kwargs)
        bulma(self)


class AssignForm(forms.Form):
    """Assign an open on-call log item out for research (seed 003-66): whom to, by id; the
    service checks they are an agent."""

    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={
            "required": "Choose who takes it.",
            "invalid_choice": "Choose an active agent.",
        },
    )
