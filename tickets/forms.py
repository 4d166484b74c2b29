"""HTML forms: parse and show errors next to fields. Rules stay in the services."""

from django import forms
from django.conf import settings

from helpdesk.core.errors import DomainError

from .states import CATEGORY_HINTS, Category


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


class BulmaMixin:
    """Give every widget Bulma's classes so forms look like the rest of the app."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                css = "textarea"
            elif isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxInput):
                css = ""
            elif isinstance(widget, forms.FileInput):
                css = "file-input-plain"
            else:
                css = "input"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def attachment_help() -> str:
    mb = settings.HELPDESK_ATTACHMENT_MAX_BYTES / 1024**2
    kinds = ", ".join(settings.HELPDESK_ATTACHMENT_EXTENSIONS)
    return f"Up to {mb:.0f} MB per file. Accepted: {kinds}."


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: per field where it names fields."""
    fields = error.details.get("fields") or {}
    placed = False
    for name, messages in fields.items():
        target = name if name in form.fields else None
        for message in messages if isinstance(messages, list) else [messages]:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class TicketForm(BulmaMixin, forms.Form):
    category = forms.ChoiceField(
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="Pick the one that fits best; it sets how fast we answer.",
    )
    subject = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), help_text="Markdown.")
    production_url = forms.URLField(
        label="Production URL", required=False, max_length=500, assume_scheme="https"
    )
    version_seen = forms.CharField(
        label="Version shown on the page", required=False, max_length=100
    )
    browser = forms.CharField(required=False, max_length=200)
    steps_to_reproduce = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    error_text = forms.CharField(
        label="Error text", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachments = MultipleFileField(help_text=attachment_help)

    def category_hints(self):
        return [
            (value, label, *CATEGORY_HINTS[Category(value)]) for value, label in Category.choices
        ]


class ReplyForm(BulmaMixin, forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(help_text=attachment_help)


class AgentReplyForm(BulmaMixin, forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(help_text=attachment_help)


class TransitionForm(BulmaMixin, forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    expected_status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    hold_days = forms.IntegerField(required=False, min_value=1, max_value=365)
