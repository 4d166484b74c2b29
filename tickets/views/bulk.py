"""The queue's bulk bar: one action on the ticked rows (``services.apply_bulk``), then back to
the queue as it was (filters and page) with one message: what applied and, in a warning rather
than a success, each refused ticket with its reason. Input no ticket could take (no row, no
action, no agent…) changes nothing and says why.

Works without JavaScript (plain form, redirect after POST; the row boxes reach the form through
``form="bulk-form"``); static/js/bulk.js adds "select all on this page" and shows only the
fields the chosen action needs.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpdesk.core import roles
from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..desk_forms import BulkActionForm
from ..services import BulkAction, BulkResult
from .common import agent_required

# The refusals a message lists by number; past them, how many more.
LISTED_REFUSALS = 10


def bar_context(user) -> dict:
    """What templates/desk/_bulk_bar.html shows; the queue adds it to its context."""
    return {"bulk_form": _form(user)}


def _form(user, data=None) -> BulkActionForm:
    agents = selectors.assignable_agents() if roles.is_lead(user) else None  # leads reassign
    transitions = [(t["name"], t["label"]) for t in selectors.manual_transitions()]
    return BulkActionForm(data, agents=agents, transitions=transitions)


def _queue_url(request) -> str:
    """The queue the bar was posted from: its filters and page ride on the form's action."""
    query = request.GET.urlencode()
    return reverse("desk-queue") + (f"?{query}" if query else "")


@agent_required
@require_POST
def bulk(request):
    back = _queue_url(request)
    form = _form(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed: {form.error_text()}")
        return redirect(back)
    data = form.cleaned_data
    tags = (data["tags"] or "").split(",")
    try:
        result = services.apply_bulk(
            data["tickets"],
            actor=request.user,
            action=data["action"],
            assignee=data.get("assignee"),
            tags=tags,
            transition_name=data["transition"],
            comment=data["comment"],
            hold_days=data["hold_days"],
        )
    except DomainError as error:
        messages.error(request, f"Nothing was changed: {error.message}")
        return redirect(back)
    tagging = result.action in (BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS)
    names = services.clean_tag_names(tags) if tagging else []  # as the service read them
    text = summary(result, assignee=data.get("assignee"), tags=names)
    if result.refused:
        messages.warning(request, text)
    else:
        messages.success(request, text)
    return redirect(back)


def summary(result: BulkResult, *, assignee=None, tags=()) -> str:
    """One message for the whole action: "18 tickets assigned to ada. 2 refused: #123 — …"."""
    parts = [_done(result, assignee, ", ".join(tags))]
    refused = result.refused
    if refused:
        listed = "; ".join(
            f"#{row.number} — {row.error.message.rstrip('.') if row.error else ''}"
            for row in refused[:LISTED_REFUSALS]
        )
        more = len(refused) - LISTED_REFUSALS
        if more > 0:
            listed += ngettext("; and %(count)d more", "; and %(count)d more", more) % {
                "count": more
            }
        parts.append(
            ngettext("%(count)d refused: %(list)s.", "%(count)d refused: %(list)s.", len(refused))
            % {"count": len(refused), "list": listed}
        )
    return " ".join(parts)


def _done(result: BulkResult, assignee, tags: str) -> str:
    applied = result.applied
    count = len(applied)
    if not count:
        return "No ticket was changed."
    values = {"count": count, "tags": tags}
    if result.action == BulkAction.ASSIGN:
        values["agent"] = assignee.get_username() if assignee else ""
        return (
            ngettext(
                "%(count)d ticket assigned to %(agent)s.",
                "%(count)d tickets assigned to %(agent)s.",
                count,
            )
            % values
        )
    if result.action == BulkAction.TAKE:
        return ngettext("You took %(count)d ticket.", "You took %(count)d tickets.", count) % values
    if result.action == BulkAction.ADD_TAGS:
        return (
            ngettext(
                "%(count)d ticket tagged %(tags)s.", "%(count)d tickets tagged %(tags)s.", count
            )
            % values
        )
    if result.action == BulkAction.REMOVE_TAGS:
        return (
            ngettext(
                "Removed %(tags)s from %(count)d ticket.",
                "Removed %(tags)s from %(count)d tickets.",
                count,
            )
            % values
        )
    ticket = applied[0].ticket
    values["status"] = ticket.get_status_display() if ticket else ""
    return (
        ngettext(
            "%(count)d ticket is now %(status)s.", "%(count)d tickets are now %(status)s.", count
        )
        % values
    )
