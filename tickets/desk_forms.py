"""Forms of the agent desk: parse and show errors next to fields. Rules stay in the services."""

from collections.abc import Sequence

from django import forms
from django.http import QueryDict
from django.utils.translation import ngettext

from helpdesk.core.forms import BulmaMixin, bulma

from . import selectors
from .forms import MultipleFileField, TicketForm, attachment_help
from .models import Organization, Tier
from .models.saved_views import NAME_MAX_LENGTH, QUERY_MAX_LENGTH
from .selectors import sorting
from .services import MAX_HOLD_DAYS, BulkAction, close_reason_problem
from .states import ACTIVE_STATUSES, Category, FiledVia, Priority, Status

ACTIVE = ""
ANY_STATUS = "all"


class SortField(forms.ChoiceField):
    """The queue's order: its menu offers the default order as "" (left out of the address);
    ``priority`` names it too (the Priority header's link back to it)."""

    def valid_value(self, value) -> bool:
        return value == sorting.DEFAULT_SORT or super().valid_value(value)


class QueueFilterForm(forms.Form):
    """The queue's filters and order, read from the query string; an invalid value is ignored
    (the queue shows as if it were not there: an unknown ``sort``, the default order)."""

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
    sort = SortField(label="Order", required=False)

    def __init__(self, data, *, tiers: list[tuple[str, str]], my_tiers: Sequence[str] = ()):
        """``tiers``: (slug, name) of every tier; ``my_tiers``: the names of those the agent
        works (offered together as "My tier")."""
        super().__init__(data)
        mine = []
        if my_tiers:
            label = ngettext("My tier (%(names)s)", "My tiers (%(names)s)", len(my_tiers))
            mine = [(selectors.MY_TIERS, label % {"names": ", ".join(my_tiers)})]
        self.fields["tier"].choices = [(selectors.ALL_TIERS, "All tiers"), *mine, *tiers]
        orders = sorting.sort_values()
        self.fields["sort"].choices = [("", orders[0][1]), *orders[1:]]

    def _value(self, name: str) -> str:
        if not self.is_bound or self.has_error(name):
            return ""
        return self.cleaned_data.get(name) or ""

    def selected_status(self) -> str:
        self.is_valid()
        return self._value("status")

    def selected_sort(self) -> sorting.Sorting:
        self.is_valid()
        return sorting.sorting(self._value("sort"))

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
            "sort": self.selected_sort().value,
        }

    def view_query(self) -> str:
        """This view of the queue as a saved view stores it: the valid values in field order,
        the default order left out and the tier always said (``tier=all``: a bare ``/desk/``
        lands on the agent's tiers instead)."""
        self.is_valid()
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self._value(name).strip()
            if name == "tier":
                value = value or selectors.ALL_TIERS
            if name == "sort" and value == sorting.DEFAULT_SORT:
                value = ""
            if value:
                query[name] = value
        return query.urlencode()

    def problems(self) -> list[str]:
        """What a saved view may not keep, in sentences: parameters that are not the queue's
        filters or order, and invalid values (the queue ignores them; a view refuses them)."""
        self.is_valid()
        found = [
            f"“{key}” is not one of the queue's filters."
            for key in self.data
            if key not in self.fields
        ]
        for name, errors in self.errors.items():
            label = self.fields[name].label or name.title()
            found += [f"{label}: {error}" for error in errors]
        return found


class SaveViewForm(forms.Form):
    """ "Save this view": a name for the queue's current filters and order (``query``, checked
    by ``QueueFilterForm``); a lead may share it with a tier and make it the tier's default."""

    name = forms.CharField(label="Name", max_length=NAME_MAX_LENGTH)
    query = forms.CharField(required=False, max_length=QUERY_MAX_LENGTH, widget=forms.HiddenInput)
    tier = forms.ChoiceField(label="Who sees it", required=False)
    is_default = forms.BooleanField(
        label="Make it the tier's default: its members land on it", required=False
    )

    def __init__(self, data=None, *, tiers: list[tuple[str, str]], my_tiers=(), may_share=False):
        super().__init__(data, initial={"query": ""}, auto_id="save-view-%s")
        self._tiers, self._my_tiers = tiers, my_tiers
        self.fields["tier"].choices = [("", "Only me"), *tiers]
        self.may_share = may_share  # agents do not see the sharing fields; posted, refused
        bulma(self, small=True)

    def clean_query(self) -> str:
        parsed = QueueFilterForm(
            QueryDict(self.cleaned_data.get("query") or ""),
            tiers=self._tiers,
            my_tiers=self._my_tiers,
        )
        if problems := parsed.problems():
            raise forms.ValidationError(["These filters cannot be saved.", *problems])
        return parsed.view_query()

    def clean_tier(self) -> Tier | None:
        slug = self.cleaned_data.get("tier")
        return Tier.objects.get(slug=slug) if slug else None


class RenameViewForm(forms.Form):
    name = forms.CharField(label="New name", max_length=NAME_MAX_LENGTH)


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
        data = super().clean()
        for field, error in closing_errors(
            data, "Confirm that the ticket should be closed."
        ).items():
            self.add_error(field, error)
        return data

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


class TicketNumbersField(forms.Field):
    """The ticket numbers of the ticked queue rows (``name="tickets"``, one input each)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Those are not ticket numbers."}

    def to_python(self, value) -> list[int]:
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkActionForm(forms.Form):
    """The queue's bulk bar: one action for the ticked rows. What the action needs (an agent, a
    tag, Close's reason) is the service's to check; this parses, and asks Close's
    confirmation like the ticket page."""

    LABELS = {
        BulkAction.TAKE: "Take them",
        BulkAction.ASSIGN: "Assign to an agent",
        BulkAction.ADD_TAGS: "Add tags",
        BulkAction.REMOVE_TAGS: "Remove tags",
        BulkAction.TRANSITION: "Change the status",
    }

    tickets = TicketNumbersField(required=False)
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose an action…"), *LABELS.items()],
        error_messages={
            "required": "Choose an action.",
            "invalid_choice": "Choose one of the actions.",
        },
    )
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agent",
        empty_label="Choose an agent…",
        error_messages={"invalid_choice": "Choose an agent from the list."},
    )
    tags = forms.CharField(
        required=False,
        max_length=500,
        label="Tags",
        help_text="Separate tags with commas.",
        error_messages={"max_length": "Tags are at most 500 characters in all."},
    )
    transition = forms.ChoiceField(
        required=False,
        label="New status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    comment = forms.CharField(
        required=False,
        max_length=10_000,
        label="Comment (shown on the timeline; Close needs the reason)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hold_days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_HOLD_DAYS, label="Days on hold (Hold only)"
    )
    confirm = forms.BooleanField(required=False, label="Yes, close the selected tickets")

    def __init__(self, data=None, *, agents, transitions: list[tuple[str, str]]):
        super().__init__(data, auto_id="bulk-%s")  # beside the filters' ids on the queue
        bulma(self, small=True)
        if agents is None:  # not a lead: no Assign (take is theirs)
            del self.fields["assignee"]
            self.fields["action"].choices = [
                choice for choice in self.fields["action"].choices if choice[0] != "assign"
            ]
        else:
            self.fields["assignee"].queryset = agents
        self.fields["transition"].choices = [("", "Choose a status…"), *transitions]

    def clean(self):
        data = super().clean()
        if data.get("action") == BulkAction.TRANSITION:
            confirmation = "Confirm that the selected tickets should be closed."
            for field, error in closing_errors(data, confirmation).items():
                self.add_error(field, error)
        return data

    def error_text(self) -> str:
        return _error_text(self)


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
