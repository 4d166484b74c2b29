"""The desk's side-thread forms: parse what the agent typed. Which addresses are allowed is the
service's rule (``services.start_side_thread``); its refusal is shown next to the field."""

from django import forms
from django.conf import settings

from helpdesk.core.forms import BulmaMixin

from .services.side_threads import SUBJECT_MAX, split_addresses


def default_cc() -> str:
    """Seed 003: "CC dev@ and tier2@ on all partner communications". The addresses come from
    ``HELPDESK_SIDE_THREAD_CC`` (a list; none by default); the agent may remove them."""
    return ", ".join(settings.HELPDESK_SIDE_THREAD_CC)


class SideThreadStartForm(BulmaMixin, forms.Form):
    to = forms.CharField(
        label="To",
        max_length=2000,
        help_text="The partner's address; several separated by commas. The partners' contacts "
        "to use are offered as you type.",
        widget=forms.TextInput(attrs={"list": "partner-contacts", "autocomplete": "off"}),
    )
    cc = forms.CharField(
        label="CC",
        required=False,
        max_length=2000,
        help_text="Internal lists such as dev@ and tier2@, separated by commas.",
    )
    subject = forms.CharField(max_length=SUBJECT_MAX)
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Only this text goes to the partner: not the ticket, not its notes.",
    )

    def clean_to(self) -> list[str]:
        return split_addresses(self.cleaned_data["to"])

    def clean_cc(self) -> list[str]:
        return split_addresses(self.cleaned_data["cc"])


class SideThreadWriteForm(BulmaMixin, forms.Form):
    body = forms.CharField(
        label="Message to the thread",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Goes to everyone on the thread; an internal note on the ticket.",
    )
