"""The desk queue's filter form and the saved views' forms."""

from collections.abc import Sequence

from django import forms
from django.http import QueryDict
from django.utils.translation import ngettext

from helpdesk.core.forms import bulma

from .. import selectors
from ..models import Tier
from ..models.saved_views import NAME_MAX_LENGTH, QUERY_MAX_LENGTH
from ..selectors import sorting
from ..states import ACTIVE_STATUSES, Category, Priority, Status

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
