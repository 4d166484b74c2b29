"""HTML forms: parse and show errors next to fields. Rules stay in the services."""

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

# apply_domain_error: still imported from here by timesheets.views until it is switched.
from helpdesk.core.forms import BulmaMixin
from helpdesk.notifications import services as outbox

from .models import Organization
from .states import (
    AWAITING_CUSTOMER_STATUSES,
    CATEGORY_HINTS,
    CUSTOMER_STATUS_TEXT,
    Category,
    Status,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def human_size(size: int) -> str:
    """10 MB, 1.5 MB, 512 KB: the size a person reads."""
    if size >= 1024**2:
        return f"{size / 1024**2:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def attachment_help() -> str:
    limit = human_size(settings.HELPDESK_ATTACHMENT_MAX_BYTES)
    kinds = ", ".join(settings.HELPDESK_ATTACHMENT_EXTENSIONS)
    return f"Up to {limit} per file. Accepted: {kinds}."


FILES_NOT_KEPT = (
    "Your files were not attached: browsers cannot keep a chosen file when a form comes back "
    "with an error. Please choose them again."
)


class AttachmentsMixin:
    """An ``attachments`` field that shows its limits before upload and lets the browser check
    them too (``static/js/app.js``); the service stays the authority."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attachments"]
        extensions = [ext.lower().lstrip(".") for ext in settings.HELPDESK_ATTACHMENT_EXTENSIONS]
        field.help_text = attachment_help()
        field.widget.attrs.update(
            {
                "accept": ",".join(f".{ext}" for ext in extensions),
                "data-max-bytes": str(settings.HELPDESK_ATTACHMENT_MAX_BYTES),
                "data-extensions": ",".join(extensions),
            }
        )

    @property
    def files_not_kept(self) -> str:
        """Files were chosen but the form came back with errors: say they must be chosen again."""
        return FILES_NOT_KEPT if self.is_bound and self.files and self.errors else ""


MARKDOWN_HELP = "You can use Markdown: **bold**, `code`, lists and links. Preview shows the result."


class TicketForm(AttachmentsMixin, BulmaMixin, forms.Form):
    """The portal's new-ticket form: category first, then what an agent would otherwise ask."""

    category = forms.ChoiceField(
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="Pick the one that fits best; it sets how fast we answer.",
        error_messages={"required": "Choose the category that fits best."},
    )
    subject = forms.CharField(
        max_length=200,
        help_text="A few words, like “Checkout page shows error 500”.",
        error_messages={"required": "Tell us in a few words what this is about."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": "Describe the problem or question."},
    )
    production_url = forms.URLField(
        label="Production URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The address of the page where it happens.",
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )
    version_seen = forms.CharField(
        label="Version shown on the page",
        required=False,
        max_length=100,
        help_text="Usually in the page footer or the About screen.",
    )
    browser = forms.CharField(
        required=False, max_length=200, help_text="For example: Firefox 128 on Windows 11."
    )
    steps_to_reproduce = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What you did, step by step, and what you expected to happen.",
    )
    error_text = forms.CharField(
        label="Error text",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        required=False,
        help_text="Paste the full message, as shown.",
    )
    attachments = MultipleFileField(
        help_text=attachment_help, label="Attachments (screenshots, logs)"
    )

    def category_hints(self):
        return [
            (value, label, *CATEGORY_HINTS[Category(value)]) for value, label in Category.choices
        ]

    def category_cards(self) -> list[dict]:
        """Each category as a radio card: label, one-line hint, first-response target."""
        chosen = self["category"].value()
        bound = self["category"]
        return [
            {
                "value": value,
                "label": label,
                "hint": hint,
                "target": target,
                "id": f"{bound.auto_id}_{index}",
                "checked": chosen == value,
            }
            for index, (value, label, hint, target) in enumerate(self.category_hints())
        ]


class ReplyForm(AttachmentsMixin, BulmaMixin, forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": "Write your reply first."},
    )
    attachments = MultipleFileField(help_text=attachment_help)


# The portal's status filter: the plain words a customer reads, each standing for its statuses.
CUSTOMER_STATUS_FILTERS = {
    "waiting": AWAITING_CUSTOMER_STATUSES,
    "working": frozenset({Status.OPEN}),
    "on_hold": frozenset({Status.ON_HOLD}),
    "solved": frozenset({Status.REVIEW, Status.RESOLVED}),
    "closed": frozenset({Status.CLOSED}),
}


class MyTicketsFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All tickets"),
            *(
                (key, CUSTOMER_STATUS_TEXT[min(statuses)])
                for key, statuses in CUSTOMER_STATUS_FILTERS.items()
            ),
        ],
    )

    def statuses(self):
        """The statuses to show, or None for all. A raw status value is accepted too."""
        raw = self.data.get("status") or ""
        if raw in Status.values:
            return frozenset({Status(raw)})
        if self.is_valid() and self.cleaned_data["status"]:
            return CUSTOMER_STATUS_FILTERS[self.cleaned_data["status"]]
        return None


class InviteCustomerForm(BulmaMixin, forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        empty_label="Choose an organization",
        error_messages={"required": "Choose the customer's organization."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The invitation, with a link to set a password, goes here.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    username = forms.CharField(
        required=False,
        max_length=150,
        help_text="Leave empty to use the email address.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    is_manager = forms.BooleanField(
        label="Manager: sees every ticket of the organization", required=False
    )


def _same_email(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class CustomerPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches invited customers who never set a password
    (their invitation link may have expired); Django's own skips unusable passwords."""

    def get_users(self, email):
        User = get_user_model()
        email_field = User.get_email_field_name()
        candidates = User._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        ).select_related("customer_profile")
        for user in candidates:
            if not _same_email(email, getattr(user, email_field)):
                continue
            invited = user.last_login is None and hasattr(user, "customer_profile")
            if user.has_usable_password() or invited:
                yield user

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox, like every other email: a broker or SMTP outage delays the
        link instead of losing it. One row per token (a double submit sends one email)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        outbox.enqueue_many(
            [
                outbox.Outgoing(
                    kind="password_reset",
                    recipient=to_email,
                    subject=subject,
                    body_text=body,
                    dedupe_key=f"password-reset:{context['uid']}:{context['token']}",
                )
            ]
        )
