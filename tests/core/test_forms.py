"""Form plumbing: Bulma's classes on every widget kind, a service's refusal on the form, and the
one field include with its options."""

from django import forms
from django.template.loader import render_to_string

from helpdesk.core.errors import ValidationFailed
from helpdesk.core.forms import BulmaMixin, apply_domain_error, bulma


class Everything(forms.Form):
    text = forms.CharField()
    url = forms.URLField(required=False)
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"class": "input x"}))
    body = forms.CharField(widget=forms.Textarea)
    file = forms.FileField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A")])
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    flag = forms.BooleanField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)


def _classes(form) -> dict[str, str | None]:
    return {name: field.widget.attrs.get("class") for name, field in form.fields.items()}


def test_bulma_classes_by_widget_kind():
    form = Everything()
    bulma(form)
    assert _classes(form) == {
        "text": "input",
        "url": "input",
        "number": "input",
        "email": "input",
        "day": "input x",  # a class already there is kept, not repeated
        "body": "textarea",
        "file": "file-input-plain",
        "choice": None,
        "radio": None,
        "many": None,
        "flag": None,
        "hidden": None,
    }


def test_bulma_small_sizes_inputs_and_text_areas():
    form = Everything()
    bulma(form, small=True)
    classes = _classes(form)
    assert (classes["text"], classes["body"], classes["choice"]) == (
        "input is-small",
        "textarea is-small",
        None,
    )


def test_the_mixin_applies_the_classes():
    class Form(BulmaMixin, forms.Form):
        name = forms.CharField()

    assert Form().fields["name"].widget.attrs["class"] == "input"


class LogForm(forms.Form):
    text = forms.CharField(required=False)
    ticket_number = forms.IntegerField(required=False)


def test_a_refusal_lands_next_to_the_fields_it_names_through_aliases():
    form = LogForm({})
    form.is_valid()
    error = ValidationFailed(
        "Not logged.", fields={"text": ["Write it."], "ticket": "No such ticket.", "x": ["Odd."]}
    )

    apply_domain_error(form, error, {"ticket": "ticket_number"})

    assert form.errors == {
        "text": ["Write it."],
        "ticket_number": ["No such ticket."],
        "__all__": ["Odd."],  # a name the form does not have goes on top
    }


def test_a_refusal_without_fields_goes_on_top():
    form = LogForm({})
    form.is_valid()
    apply_domain_error(form, ValidationFailed("Someone else changed it."))
    assert form.non_field_errors() == ["Someone else changed it."]


def test_errors_of_inputs_that_are_not_fields_go_to_the_forms_list():
    form = LogForm({})
    form.is_valid()
    form.input_errors = {"questions": []}

    apply_domain_error(form, ValidationFailed("No.", fields={"questions": ["Ask one."]}))

    assert form.input_errors == {"questions": ["Ask one."]}
    assert not form.errors


def test_the_field_include_shows_label_control_help_and_errors():
    form = Everything({"choice": "zzz"}, auto_id="up_%s")
    form.is_valid()

    select = render_to_string("includes/field.html", {"field": form["choice"]})
    url = render_to_string("includes/field.html", {"field": form["url"]})

    assert 'id="field-up_choice"' in select
    assert '<div class="select is-danger">' in select
    assert 'role="alert">Select a valid choice.' in select
    assert '<span class="has-text-weight-normal">(optional)</span>' in url


def test_the_field_include_options():
    form = Everything()
    context = {"field": form["choice"], "small": True, "fullwidth": True}
    select = render_to_string("includes/field.html", context)
    url = render_to_string("includes/field.html", {"field": form["url"], "hide_optional": True})
    many = render_to_string("includes/field.html", {"field": form["many"]})

    assert '<label class="label is-small" for="id_choice">' in select
    assert '<div class="select is-small is-fullwidth">' in select
    assert "(optional)" not in url
    assert '<legend class="label">Many</legend>' in many
    assert '<div class="checkbox-list">' in many
