"""The queue as a workbench: its sortable column headers and its "Views" panel (the agent's own
tiers, every tier, the views shared with their tiers and their own, "Save this view").

``tickets.views.desk.queue`` renders both; ``tickets.views.saved_views`` writes the views.
"""

from dataclasses import dataclass

from django.http import QueryDict

from .. import policies, selectors
from ..desk_forms import QueueFilterForm, SaveViewForm
from ..selectors import sorting

# The first click on a column that is not the current order: the order most asked of it.
FIRST_CLICK = {"activity": "-activity"}


@dataclass(frozen=True)
class QueueSetup:
    """What the queue's forms need about the asker, read once a page: every tier (slug, name)
    and the names of the tiers they work."""

    tiers: list[tuple[str, str]]
    my_tiers: list[str]

    def filter_form(self, data) -> QueueFilterForm:
        return QueueFilterForm(data, tiers=self.tiers, my_tiers=self.my_tiers)

    def save_form(self, user, data=None, *, query: str = "") -> SaveViewForm:
        form = SaveViewForm(
            data,
            tiers=self.tiers,
            my_tiers=self.my_tiers,
            may_share=policies.can_share_views(user),
        )
        if data is None:
            form.initial["query"] = query
        return form


def setup(user) -> QueueSetup:
    tiers = selectors.queue_tiers(user)
    return QueueSetup(
        tiers=[(tier.slug, tier.name) for tier in tiers],
        my_tiers=[tier.name for tier in tiers if tier.mine],
    )


def sort_links(query: QueryDict, current: sorting.Sorting) -> dict[str, dict]:
    """Per order key: the column header's link (the other filters kept, back to page 1), its
    ``aria-sort`` and arrow when it is the current order. A second click reverses it."""
    links = {}
    for key, sort in sorting.queue_sorts().items():
        active = current.sort.key == key
        reverse = key if current.descending else f"-{key}"
        target = reverse if active else FIRST_CLICK.get(key, key)
        wanted = query.copy()
        wanted.pop("page", None)
        wanted["sort"] = target
        descending = target.startswith("-")
        links[key] = {
            "label": sort.column,
            "href": "?" + wanted.urlencode(),
            "title": f"Sort: {sort.descending if descending else sort.ascending}",
            "aria_sort": ("descending" if current.descending else "ascending") if active else "",
            "arrow": ("▼" if current.descending else "▲") if active else "",
        }
    return links


@dataclass
class ViewLink:
    name: str
    query: str
    note: str = ""
    current: bool = False
    view: object = None
    can_change: bool = False


def views_panel(request, form: QueueFilterForm, qs: QueueSetup, *, save_form=None) -> dict:
    """The "Views" panel's context: one query for the saved views."""
    user = request.user
    current = form.view_query()
    links = []
    if qs.my_tiers:
        links.append(ViewLink("My tiers" if len(qs.my_tiers) > 1 else "My tier", "tier=mine"))
    links.append(ViewLink("All tiers", "tier=all"))
    for view in selectors.saved_views_for(user):
        tier = view.shared_with_tier
        if tier is None:
            note = "yours"
        elif view.is_default:
            note = f"{tier.name}'s default"
        else:
            note = f"shared with {tier.name}"
        links.append(
            ViewLink(
                view.name,
                view.query,
                note=note,
                view=view,
                can_change=policies.can_change_view(user, view),
            )
        )
    for link in links:
        link.current = link.query == current
    return {
        "view_links": links,
        "manageable": [link for link in links if link.can_change],
        "current_query": current,
        "save_form": save_form or qs.save_form(user, query=current),
    }
