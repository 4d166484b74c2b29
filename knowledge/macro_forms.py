"""The macro form of the desk: parses; the rules (placeholders, scope, rights) are the
service's, shown back on the form."""

from django import forms

from escalation.models import Team
from helpdesk.core.forms import bulma
from tickets.models import Tier
from tickets.states import Category, Language, Priority

from . import macro_text, policies_macros
from .macro_models import MacroScope, MacroStatus

LEAVE = [("", "Leave it as it is")]


class MacroForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the agents see in the list.")
    shortcut = forms.CharField(
        max_length=21,
        help_text="Typed as /shortcut at the start of the reply box, e.g. fr1. The same "
        "shortcut in the other language is this macro's other variant.",
    )
    language = forms.ChoiceField(
        choices=Language.choices, help_text="A ticket in this language gets this variant."
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown. Placeholders: " + macro_text.known_list() + ".",
    )
    scope = forms.ChoiceField(label="Who may use it", choices=MacroScope.choices)
    tier = forms.ModelChoiceField(
        queryset=Tier.objects.order_by("level"),
        required=False,
        help_text="For a tier's macro: its agents, and anyone on a ticket in it.",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"),
        required=False,
        help_text="For a team's macro: its members.",
    )
    add_tags = forms.CharField(
        label="Then add tags", max_length=500, required=False, help_text="Separated by commas."
    )
    set_category = forms.ChoiceField(
        label="Then set category", choices=LEAVE + Category.choices, required=False
    )
    set_priority = forms.ChoiceField(
        label="Then set priority", choices=LEAVE + Priority.choices, required=False
    )
    set_status = forms.ChoiceField(
        label="Then set status", choices=LEAVE + MacroStatus.choices, required=False
    )
    link_article = forms.IntegerField(
        label="Then link article",
        min_value=1,
        required=False,
        help_text="The number of a knowledge-base article that answers such tickets.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not policies_macros.may_write_scope(user, MacroScope.TIER):
            self.fields["scope"].choices = [(MacroScope.PERSON, "Only me")]
            self.fields["scope"].help_text = "Leads write macros for a tier, a team or everyone."
            del self.fields["tier"], self.fields["team"]
        bulma(self)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name in self.fields}


def initial_of(macro) -> dict:
    return {
        "name": macro.name,
        "shortcut": macro.shortcut,
        "language": macro.language,
        "body": macro.body,
        "scope": macro.scope,
        "tier": macro.tier_id,
        "team": macro.team_id,
        "add_tags": macro.add_tags,
        "set_category": macro.set_category,
        "set_priority": macro.set_priority,
        "set_status": macro.set_status,
        "link_article": macro.link_article,
    }
