"""Forms of the known-issue pages: parse and show errors; the services decide."""

from django import forms

from helpdesk.core.forms import BulmaMixin, bulma

from .services.changelog import MAX_CHARS, MIN_CHARS
from .states import FixPath, IssueStatus

__all__ = [
    "BulkAnswerForm",
    "FilterForm",
    "KnownIssueForm",
    "LinkForm",
    "StatusForm",
]


NEW_STATUSES = [
    (IssueStatus.INVESTIGATING.value, IssueStatus.INVESTIGATING.label),
    (IssueStatus.KNOWN_ISSUE.value, IssueStatus.KNOWN_ISSUE.label),
]


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *IssueStatus.choices], required=False, label="Status"
    )
    q = forms.CharField(required=False, label="Search", max_length=200)

    def params(self) -> dict:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "query": self.cleaned_data["q"]}


class KnownIssueForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="Changelog style, as the release notes will say it: 'Fixed: checkout 502 for "
        f"carts over 50 items'. {MIN_CHARS}–{MAX_CHARS} characters, no ticket numbers, no "
        "trailing full stop (we drop it), first letter capitalised (we do it).",
    )
    public_title = forms.CharField(
        max_length=200,
        required=False,
        label="Public title",
        help_text="The incident's name on the public status page, e.g. 'Card payments fail'. "
        "Empty: the title above. No customer names, no ticket data.",
    )
    slug = forms.CharField(
        max_length=60,
        required=False,
        label="Tag words",
        help_text="A couple of words; tickets are tagged <number>-<these-words>. Empty: from "
        "the title.",
    )
    description = forms.CharField(
        required=False,
        label="Description (staff only)",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What we know, how to recognise it, workarounds. Markdown.",
    )
    public_summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the public status page would say. No customer names, no ticket data.",
    )
    bug_url = forms.CharField(
        required=False, max_length=500, label="External bug link", help_text="https://…"
    )
    partner_tickets = forms.CharField(
        required=False,
        max_length=500,
        label="Partner ticket references",
        help_text="Comma-separated, e.g. STRIPE-991, PAYPAL-12.",
    )

    def __init__(self, *args, with_status: bool = False, ticket_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                choices=NEW_STATUSES, initial=IssueStatus.INVESTIGATING
            )
        if ticket_choices:
            self.fields["tickets"] = forms.MultipleChoiceField(
                choices=ticket_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Link these tickets",
            )
        bulma(self)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=IssueStatus.choices)


class LinkForm(BulmaMixin, forms.Form):
    known_issue = forms.CharField(
        max_length=120, label="Known issue", help_text="Its number or tag, e.g. 42-checkout-502."
    )
    ticket = forms.CharField(max_length=20, label="Ticket number")
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class BulkAnswerForm(BulmaMixin, forms.Form):
    body = forms.CharField(
        label="Answer to every linked ticket",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Sent as a public reply on each ticket, in your name. Markdown.",
    )
    resolve_tickets = forms.BooleanField(
        required=False,
        label="Resolve the tickets too",
        help_text="Tickets already Resolved stay as they are; Closed tickets receive nothing.",
    )


class VerifyForm(forms.Form):
    """T4's verification of the bug and the decision how it is fixed (seed 003-23/28)."""

    fix_path = forms.ChoiceField(
        label="How it is fixed",
        choices=FixPath.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose On-call hotfix or Normal bug flow."},
        help_text="On-call hotfix: urgent, isolated and low risk. Otherwise the normal bug flow.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "verify_%s")
        super().__init__(*args, **kwargs)


class ReleaseForm(forms.Form):
    """The day the fix goes out: listed under "changes going out" that week (003-65)."""

    fix_release_date = forms.DateField(
        label="Fix released on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}),
        help_text="Empty: not scheduled.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "release_%s")
        super().__init__(*args, **kwargs)
