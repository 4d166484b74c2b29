"""The ticket page's forms: reply, transition (Close asks for a reason, Resolve for the
findings), assign, tags."""

from django import forms

from helpdesk.core.forms import BulmaMixin

from ..forms import MultipleFileField, attachment_help
from ..services import MAX_HOLD_DAYS, close_reason_problem
from ..states import Status
from .findings import FindingsFields


class DeskReplyForm(BulmaMixin, forms.Form):
    """The reply box: one text, three buttons (``action``): send, send and set Pending, note."""

    REPLY, REPLY_PENDING, NOTE = "reply", "reply_pending", "note"

    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, `code`, lists, links.",
    )
    attachments = MultipleFileField(help_text=attachment_help)
    action = forms.ChoiceField(
        required=False,
        choices=[
            (REPLY, "Send"),
            (REPLY_PENDING, "Send and set Pending"),
            (NOTE, "Add internal note"),
        ],
    )

    # The newest public message the page showed (templates/desk/_reply_seen.html): a newer one
    # refuses the reply, so the agent reads it first. Absent: no check.
    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_action(self) -> str:
        return self.cleaned_data.get("action") or self.REPLY


class DeskTransitionForm(FindingsFields):
    """One status change; ``expected_status`` is the status the agent saw. Resolve asks for
    the findings (the cause and the fix at least) and may send their customer summary."""

    transition = forms.CharField(max_length=64)
    expected_status = forms.ChoiceField(choices=Status.choices)
    comment = forms.CharField(required=False, max_length=10_000)
    hold_days = forms.IntegerField(required=False, min_value=1, max_value=MAX_HOLD_DAYS)
    confirm = forms.BooleanField(required=False)
    send_summary = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        for field, error in closing_errors(
            data, "Confirm that the ticket should be closed."
        ).items():
            self.add_error(field, error)
        if data.get("transition") == "resolve":
            self.add_problems(resolving=True, send_summary=bool(data.get("send_summary")))
        return data

    @property
    def resolving(self) -> bool:
        return self.cleaned_data.get("transition") == "resolve"

    def error_text(self) -> str:
        return _error_text(self)


def closing_errors(data: dict, confirmation: str) -> dict[str, str]:
    """Closing is final (a customer's reply then opens a new ticket): on the desk it asks for
    the reason, shown on the timeline (the services' rule), and for confirmation. The ticket
    page's Close and the queue's bulk Close ask the same."""
    if data.get("transition") != "close":
        return {}
    errors = {}
    if problem := close_reason_problem("close", data.get("comment") or ""):
        errors["comment"] = problem
    if not data.get("confirm"):
        errors["confirm"] = confirmation
    return errors


def _error_text(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class AssignForm(forms.Form):
    """A lead's assign menu; empty means nobody."""

    assignee = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, data, *, agents):
        super().__init__(data)
        self.fields["assignee"].queryset = agents


class TagsForm(forms.Form):
    """Add tags (comma-separated) or remove one."""

    add = forms.CharField(required=False, max_length=500)
    remove = forms.CharField(required=False, max_length=100)

    def changes(self) -> dict[str, list[str]]:
        """``change_tags``' ``add`` and ``remove``, as typed."""
        return {
            "add": (self.cleaned_data.get("add") or "").split(","),
            "remove": [self.cleaned_data.get("remove") or ""],
        }
