"""Filing a ticket for a customer who phoned: the customer search and a new contact."""

from django import forms

from helpdesk.core.forms import BulmaMixin

from ..forms import TicketForm
from ..models import Organization
from ..states import FiledVia


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
