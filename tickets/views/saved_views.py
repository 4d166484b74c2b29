"""The queue's saved views: save, rename, delete, and (leads) a tier's default.

Plain forms on the queue page. Done: back to the queue with a message (a saved view opens).
Refused: the queue again, at the filters the agent was on, with the reason beside the form or
at the top of the Views panel, and the refusal's HTTP status (400, 403, 404, 409).
"""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError, ValidationFailed
from helpdesk.core.forms import apply_domain_error

from .. import services
from ..desk_forms import RenameViewForm
from . import queue_views
from .common import agent_required
from .desk import queue_page


def _back(qs: queue_views.QueueSetup, request):
    """The queue the agent was on (``next``: its query string), as a filter form."""
    return qs.filter_form(QueryDict(request.POST.get("next", "")))


def _to_queue(query: str):
    return redirect(f"{reverse('desk-queue')}?{query or 'tier=all'}")


@agent_required
@require_POST
def view_save(request):
    qs = queue_views.setup(request.user)
    form = qs.save_form(request.user, request.POST)
    back = qs.filter_form(QueryDict(request.POST.get("query", "")))
    if not form.is_valid():
        return queue_page(request, back, qs, save_form=form, status=400)
    data = form.cleaned_data
    try:
        view = services.save_view(
            actor=request.user,
            name=data["name"],
            query=data["query"],
            tier=data["tier"],
            is_default=data["is_default"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return queue_page(request, back, qs, save_form=form, status=error.status)
    tier = view.shared_with_tier
    if tier is None:
        messages.success(request, f"Saved the view “{view.name}”.")
    elif view.is_default:
        messages.success(
            request, f"Published “{view.name}” for {tier.name}: its members land on it."
        )
    else:
        messages.success(request, f"Published “{view.name}” for {tier.name}.")
    return _to_queue(view.query)


def _refused(request, error: DomainError):
    qs = queue_views.setup(request.user)
    return queue_page(
        request, _back(qs, request), qs, views_notice=error.message, status=error.status
    )


@agent_required
@require_POST
def view_rename(request, view_id: int):
    form = RenameViewForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationFailed("Give the view a new name."))
    try:
        view = services.rename_view(view_id, actor=request.user, name=form.cleaned_data["name"])
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, f"Renamed the view to “{view.name}”.")
    return _to_queue(view.query)


@agent_required
@require_POST
def view_delete(request, view_id: int):
    try:
        view = services.delete_view(view_id, actor=request.user)
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, f"Deleted the view “{view.name}”.")
    return _to_queue(_back(queue_views.setup(request.user), request).view_query())


@agent_required
@require_POST
def view_default(request, view_id: int):
    wanted = request.POST.get("default", "1") != "0"
    try:
        view = services.set_default_view(view_id, actor=request.user, is_default=wanted)
    except DomainError as error:
        return _refused(request, error)
    tier = view.shared_with_tier
    if view.is_default:
        messages.success(request, f"{tier.name}'s members now land on “{view.name}”.")
    else:
        messages.success(request, f"{tier.name}'s members now land on their tier's tickets.")
    return _to_queue(view.query)
