"""Forms of the agent desk: parse and show errors next to fields. Rules stay in the services."""

from django import forms

from helpdesk.core.forms import BulmaMixin

from .forms import MultipleFileField, TicketForm, attachment_help
from .models import Organization
from .services import MAX_HOLD_DAYS
from .states import ACTIVE_STATUSES, Category, FiledVia, Priority, Status

ACTIVE = ""
ANY_STATUS = "all"


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string; an invalid value is ignored."""

    status = forms.ChoiceField(
        required=False,
        choices=[
            (ACTIVE, "Active (not resolved or closed)"),
            (ANY_STATUS, "Any status"),
            *Status.choices,
        ],
    )
    tier = forms.ChoiceField(required=False)
    assignee = forms.ChoiceField(
        required=False, choices=[("", "Anyone"), ("me", "Me"), ("none", "Unassigned")]
    )
    category = forms.ChoiceField(required=False, choices=[("", "Any category"), *Category.choices])
    priority = forms.ChoiceField(required=False, choices=[("", "Any priority"), *Priority.choices])
    tag = forms.CharField(
        required=False, max_length=100, widget=forms.TextInput(attrs={"class": "input is-small"})
    )

    def __init__(self, data, *, tiers: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["tier"].choices = [("", "Any tier"), *tiers]

    def _value(self, name: str) -> str:
        if not self.is_bound or self.has_error(name):
            return ""
        return self.cleaned_data.get(name) or ""

    def selected_status(self) -> str:
        self.is_valid()
        return self._value("status")

    def queue_params(self) -> dict:
        """Keyword arguments for ``selectors.desk_queue``."""
        self.is_valid()
        status = self._value("status")
        if status == ANY_STATUS:
            statuses = list(Status.values)
        elif status:
            statuses = [status]
        else:
            statuses = [s for s in Status.values if s in ACTIVE_STATUSES]
        return {
            "statuses": statuses,
            "tier": self._value("tier"),
            "assignee": self._value("assignee"),
            "category": self._value("category"),
            "priority": self._value("priority"),
            "tag": self._value("tag").strip(),
        }


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


class DeskTransitionForm(forms.Form):
    """One status change; ``expected_status`` is the status the agent saw."""

    transition = forms.CharField(max_length=64)
    expected_status = forms.ChoiceField(choices=Status.choices)
    comment = forms.CharField(required=False, max_length=10_000)
    hold_days = forms.IntegerField(required=False, min_value=1, max_value=MAX_HOLD_DAYS)
    confirm = forms.BooleanField(required=False)

    def clean(self):
        """Closing is final (a customer's reply then opens a new ticket): on the desk it asks
        for the reason, shown on the timeline, and for confirmation."""
        data = super().clean()
        if data.get("transition") == "close":
            if not (data.get("comment") or "").strip():
                self.add_error("comment", "Say why the ticket is closed.")
            if not data.get("confirm"):
                self.add_error("confirm", "Confirm that the ticket should be closed.")
        return data

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


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


class CustomerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name() or user.get_username()
        return f"{name} ({user.get_username()}, {user.customer_profile.organization.name})"


class FileForCustomerForm(TicketForm):
    """The portal's new-ticket form with the customer it is filed for (a consultant, or an agent
    taking a phone call, files on the customer's behalf).

    ``customers`` is every customer the form accepts; the drop-down offers only the few found by
    the search (``offer``), never thousands."""

    requester = CustomerChoiceField(
        queryset=None,
        label="Customer",
        help_text="They get the confirmation email and follow the ticket on the portal.",
        error_messages={
            "required": "Choose the customer this ticket is for.",
            "invalid_choice": "Choose one of the customers offered: search for them above.",
        },
    )
    filed_via = forms.ChoiceField(
        label="How did they ask?",
        choices=[("", "—"), *FiledVia.choices],
        required=False,
        help_text="The customer reads that you filed it for them, and how they asked.",
    )

    # The page shows the drop-down beside the customer search, outside the <form> element (forms
    # do not nest): the ``form`` attribute makes it part of this one, without JavaScript.
    HTML_ID = "file-ticket"

    def __init__(self, *args, customers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = customers
        self.fields["requester"].widget.attrs["form"] = self.HTML_ID
        self.order_fields(["requester", "filed_via"])
        self.offer([])

    def offer(self, shown) -> None:
        """The customers the drop-down lists (the search's matches, and the chosen one)."""
        field = self.fields["requester"]
        field.widget.choices = [
            ("", "Choose the customer"),
            *((user.pk, field.label_from_instance(user)) for user in shown),
        ]

    def chosen(self):
        """The customer picked, when the form was posted with a valid one."""
        return (getattr(self, "cleaned_data", None) or {}).get("requester")


class CustomerSearchForm(forms.Form):
    """The search above the filing form: a name, an email address or an organization."""

    customer_q = forms.CharField(required=False, max_length=100)

    def query(self) -> str:
        return self.cleaned_data["customer_q"] if self.is_valid() else ""


class NewContactForm(BulmaMixin, forms.Form):
    """A caller who has no account yet: a contact of an existing organization, made by
    ``services.invite_customer`` without an invitation."""

    name = forms.CharField(
        max_length=300,
        help_text="As they gave it, e.g. Jane Doe.",
        error_messages={"required": "Write the caller's name."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Where the ticket's emails go.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Write the caller's email address."},
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        empty_label="Choose their organization",
        error_messages={"required": "Choose the caller's organization."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contact_%s")
        super().__init__(*args, **kwargs)
