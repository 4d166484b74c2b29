"""Form plumbing shared by every app: Bulma's classes on widgets, and a service's refusal placed
on the form. Forms parse and show errors; the rules stay in the services.

Templates show one field with ``{% include "includes/field.html" with field=form.name %}``.
"""

from typing import Protocol

from django import forms
from django.forms.widgets import ChoiceWidget, Input

from .errors import DomainError


class HasFields(Protocol):
    """What ``bulma`` reads of a form: its bound ``fields``."""

    fields: dict[str, forms.Field]


def bulma(form: HasFields, *, small: bool = False) -> None:
    """Give each widget of ``form`` Bulma's class: ``textarea``, ``input`` (every other text-like
    input: text, number, email, URL, date, time…) or ``file-input-plain``. Choices, checkboxes
    and hidden inputs stay plain (the field include wraps selects). ``small`` adds ``is-small``.
    Classes a widget already has are kept."""
    size = " is-small" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Textarea):
            css = f"textarea{size}"
        elif isinstance(widget, forms.FileInput):
            css = "file-input-plain"
        elif widget.is_hidden or isinstance(widget, ChoiceWidget | forms.CheckboxInput):
            continue
        elif isinstance(widget, Input):
            css = f"input{size}"
        else:
            continue
        classes = widget.attrs.get("class", "").split()
        classes += [name for name in css.split() if name not in classes]
        widget.attrs["class"] = " ".join(classes)


class BulmaMixin:
    """``bulma()`` for forms without an ``__init__`` of their own: put it before ``forms.Form``."""

    fields: dict[str, forms.Field]  # set by ``forms.BaseForm.__init__``

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bulma(self)


def apply_domain_error(
    form: forms.BaseForm, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: next to each field it names, else at the top.

    ``aliases`` maps a service's field name to the form's where they differ (``ticket`` →
    ``ticket_number``). A form whose template shows the errors of inputs that are not Django
    fields (escalation's numbered questions) lists them in ``form.input_errors``, a dict from
    the input's name to the list the template shows.
    """
    inputs: dict[str, list[str]] = getattr(form, "input_errors", {})
    placed = False
    for name, messages in (error.details.get("fields") or {}).items():
        name = (aliases or {}).get(name, name)
        for message in messages if isinstance(messages, list) else [messages]:
            if name in inputs:
                inputs[name].append(message)
            else:
                form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
