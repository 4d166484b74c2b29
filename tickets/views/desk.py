"""The agent desk: the queue and the ticket page.

Every page works without JavaScript. With htmx, the queue's filters swap only the results.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..desk_forms import ACTIVE, ANY_STATUS, QueueFilterForm
from ..forms import AgentReplyForm, TransitionForm, apply_domain_error
from ..states import ACTIVE_STATUSES, Status
from .common import agent_required, get_or_404

PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """A paginator told its row count, so a page costs no COUNT query of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


def _htmx_swap_of(request, target_id: str) -> bool:
    """An htmx request that swaps ``target_id`` (a history restore wants the whole page)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target_id


def _status_tabs(counts: dict[str, int], current: str) -> list[dict]:
    active = sum(n for status, n in counts.items() if status in ACTIVE_STATUSES)
    tabs = [{"value": None, "key": "active", "label": "Active", "count": active}]
    tabs += [
        {"value": value, "key": value, "label": label, "count": counts[value]}
        for value, label in Status.choices
    ]
    tabs.append(
        {"value": ANY_STATUS, "key": ANY_STATUS, "label": "All", "count": sum(counts.values())}
    )
    for tab in tabs:
        tab["current"] = (tab["value"] or ACTIVE) == current
    return tabs


@agent_required
def queue(request):
    form = QueueFilterForm(request.GET, tiers=selectors.desk_tiers())
    result = selectors.desk_queue(request.user, **form.queue_params())
    paginator = _CountedPaginator(result.tickets, PAGE_SIZE, count=result.total)
    page = paginator.get_page(request.GET.get("page"))
    query = QueryDict(mutable=True)
    for key, value in request.GET.items():
        if value and key in form.fields:
            query[key] = value
    status = form.selected_status()
    context = {
        "form": form,
        "page": page,
        "query": query,
        "status": status,
        "status_tabs": _status_tabs(result.counts, status),
        "total": result.total,
    }
    partial = _htmx_swap_of(request, "queue-results")
    template = "desk/_queue_results.html" if partial else "desk/queue.html"
    response = render(request, template, {**context, "oob": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


def _ticket_page(request, ticket, reply_form=None, status=200):
    context = {
        "ticket": ticket,
        "thread": selectors.messages_visible_to(request.user, ticket),
        "attachments": selectors.ticket_attachments(ticket),
        "transitions": selectors.available_transitions(ticket, request.user),
        "timeline": selectors.transitions_of(ticket),
        "reply_form": reply_form or AgentReplyForm(),
    }
    return render(request, "desk/ticket_detail.html", context, status=status)


@agent_required
def ticket_detail(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    if request.method != "POST":
        return _ticket_page(request, ticket)
    form = AgentReplyForm(request.POST, request.FILES)
    if form.is_valid():
        action = request.POST.get("action", "reply")
        try:
            if action == "note":
                services.add_internal_note(
                    ticket,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            else:
                services.reply(
                    ticket,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                    set_pending=action == "reply_pending",
                )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Internal note added." if action == "note" else "Reply sent.")
            return redirect("desk-ticket", number=ticket.pk)
    return _ticket_page(request, ticket, form, status=400)


@agent_required
@require_POST
def ticket_transition(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That change needs: " + "; ".join(form.errors))
        return redirect("desk-ticket", number=ticket.pk)
    try:
        services.transition(
            ticket,
            actor=request.user,
            name=form.cleaned_data["transition"],
            comment=form.cleaned_data["comment"],
            hold_days=form.cleaned_data["hold_days"],
            expected_status=form.cleaned_data["expected_status"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Status changed.")
    return redirect("desk-ticket", number=ticket.pk)


@agent_required
@require_POST
def ticket_take(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    try:
        services.take(ticket, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The ticket is yours.")
    return redirect("desk-ticket", number=ticket.pk)
