"""The agent desk: the queue and the ticket page.

Every page works without JavaScript (plain forms, redirect after POST). With htmx, the queue's
filters swap only the results, and the actions on a ticket swap only its state panel (status,
actions, assignee, tags, links, timeline), so a half-written reply is never lost.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from helpdesk.core import roles
from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.markdown import is_web_link

from .. import hooks, policies, selectors, services
from ..desk_forms import (
    ACTIVE,
    ANY_STATUS,
    AssignForm,
    DeskReplyForm,
    DeskTransitionForm,
    QueueFilterForm,
    TagsForm,
)
from ..states import ACTIVE_STATUSES, Status
from . import bulk as bulk_views
from . import live_queue, queue_views
from . import search as search_views
from .common import agent_required, get_or_404, refused_status

PAGE_SIZE = 50
_BUTTON_ORDER = [*Status.values[1:], Status.OPEN]


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


def _count_label(count: int, more: bool) -> str:
    return f"{count:,}+" if more else f"{count:,}"


def _status_tabs(result: selectors.DeskQueue, current: str) -> list[dict]:
    """One tab per status, plus Active and All; ``more``: there are more than ``count`` (the
    counts stop at ``selectors.QUEUE_COUNT_CAP`` a status)."""
    counts, capped = result.counts, result.capped

    def tab(value, key: str, label: str, statuses) -> dict:
        count, more = sum(counts[s] for s in statuses), any(s in capped for s in statuses)
        return {
            "value": value,
            "key": key,
            "label": label,
            "count": count,
            "more": more,
            "shown": _count_label(count, more),
        }

    active = [s for s in Status.values if s in ACTIVE_STATUSES]
    tabs = [tab(None, "active", "Active", active)]
    tabs += [tab(value, value, label, [value]) for value, label in Status.choices]
    tabs.append(tab(ANY_STATUS, ANY_STATUS, "All", Status.values))
    for item in tabs:
        item["current"] = (item["value"] or ACTIVE) == current
    return tabs


@agent_required
def queue(request):
    if (unchanged := live_queue.unchanged(request)) is not None:  # the live poll: 204
        return unchanged
    if not request.GET and (landing := selectors.landing_query(request.user)):
        # A bare /desk/: the tier's default view, else the agent's tiers (tier=all: every tier).
        return redirect(f"{reverse('desk-queue')}?{landing}")
    qs = queue_views.setup(request.user)
    form = qs.filter_form(request.GET)
    if text := search_views.query_text(request):
        return search_views.desk_results(request, form, text)
    return queue_page(request, form, qs)


def queue_page(request, form: QueueFilterForm, qs: queue_views.QueueSetup, **views) -> HttpResponse:
    """The queue for ``form``'s filters and order; ``views``: the Views panel's refused form
    (``save_form``) or outcome (``views_notice``), with the HTTP ``status`` to answer."""
    status = views.pop("status", 200)
    if not hasattr(request, "live_since"):  # a refused view form: its poll starts from now
        live_queue.unchanged(request)
    result = selectors.desk_queue(request.user, **form.queue_params())
    paginator = _CountedPaginator(result.tickets, PAGE_SIZE, count=result.total)
    page = paginator.get_page(form.data.get("page"))
    query = QueryDict(mutable=True)
    for key, value in form.data.items():
        if value and key in form.fields:
            query[key] = value
    selected = form.selected_status()
    sorting = form.selected_sort()
    partial = _htmx_swap_of(request, "queue-results")
    # The live poll (``since``) swaps the rows only: the panels keep what the agent is typing.
    panels = not partial or not request.GET.get("since")
    context = {
        "form": form,
        "page": page,
        "query": query,
        "status": selected,
        "status_tabs": _status_tabs(result, selected),
        "total": result.total,
        "total_more": result.total_capped,
        "total_shown": _count_label(result.total, result.total_capped),
        **bulk_views.bar_context(request.user),
        "sorting": sorting,
        "sort_links": queue_views.sort_links(query, sorting),
        "oob": partial,
        "oob_panels": partial and panels,
    }
    if panels:
        context.update(queue_views.views_panel(request, form, qs, save_form=views.get("save_form")))
        context["views_notice"] = views.get("views_notice")
    template = "desk/_queue_results.html" if partial else "desk/queue.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return live_queue.stamp(request, response)


# --- the ticket page --------------------------------------------------------------------------


def _state_context(request, ticket, *, notice=None, events=None) -> dict:
    """What the state panel shows: status and its actions, assignee, tags, links, timeline."""
    user = request.user
    # Plain buttons first, then those that ask for something; each in lifecycle order, Reopen last.
    transitions = sorted(
        selectors.available_transitions(ticket, user),
        key=lambda t: (bool(t["needs"]), _BUTTON_ORDER.index(t["target"])),
    )
    return {
        "ticket": ticket,
        "transitions": transitions,
        "can_set_pending": policies.can_reply_and_set_pending(ticket),
        "timeline": selectors.timeline_of(ticket, events),
        "follow_ups": selectors.tickets_visible_to(user)
        .filter(linked_from=ticket)
        .order_by("created_at", "id"),
        "can_take": ticket.assignee_id != user.pk and policies.can_assign(user, ticket, user),
        "can_release": ticket.assignee_id == user.pk,
        "agents": selectors.assignable_agents() if roles.is_lead(user) else None,
        "findings": selectors.findings_of(ticket),
        "can_route": policies.routes_tickets(user),
        "notice": notice,
    }


def page_context(request, ticket, *, reply_form=None) -> dict:
    """What the ticket page shows; its live poll (``views.live``) swaps in the same parts."""
    reply_form = reply_form or DeskReplyForm()
    thread, events = selectors.split_thread(selectors.messages_visible_to(request.user, ticket))
    return {
        **_state_context(request, ticket, events=events),
        "thread": thread,
        # The newest public message the page shows: the reply form says it saw it.
        "seen_message_id": max((m.pk for m in thread if m.is_public), default=0),
        "live_version": selectors.live_version(ticket.updated_at),
        "attachments": selectors.ticket_attachments(ticket),
        "production_link": ticket.production_url if is_web_link(ticket.production_url) else "",
        "reply_form": reply_form,
        "reply_mode": "note" if reply_form.data.get("action") == DeskReplyForm.NOTE else "reply",
        "ccs": ticket.ccs.all(),
    }


def _ticket_page(request, ticket, *, reply_form=None, status=200, extra=None):
    """``extra``: more context for the page's panels (a side thread's refused form)."""
    context = {**page_context(request, ticket, reply_form=reply_form), **(extra or {})}
    return render(request, "desk/ticket_detail.html", context, status=status)


def _after_action(request, number: int, *, success: str = "", error: DomainError | str = ""):
    """With htmx: the fresh state panel with the outcome; without: back to the ticket page."""
    text = error.message if isinstance(error, DomainError) else error
    if not request.htmx:
        if error:
            messages.error(request, text)
        else:
            messages.success(request, success)
        return redirect("desk-ticket", number=number)
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    notice = {"level": "error" if error else "success", "text": text or success}
    status = 200
    if error:
        status = error.status if isinstance(error, DomainError) else 400
    return render(
        request,
        "desk/_ticket_state_swap.html",
        _state_context(request, ticket, notice=notice),
        status=status,
    )


@agent_required
def ticket_detail(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    if request.method != "POST":
        return _ticket_page(request, ticket)
    form = DeskReplyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        action = form.cleaned_data["action"]
        body, files = form.cleaned_data["body"], form.cleaned_data["attachments"]
        try:
            if action == DeskReplyForm.NOTE:
                services.add_internal_note(ticket, actor=request.user, body=body, attachments=files)
            else:
                services.reply(
                    ticket,
                    actor=request.user,
                    body=body,
                    attachments=files,
                    set_pending=action == DeskReplyForm.REPLY_PENDING,
                    seen_message_id=form.cleaned_data["seen"],
                )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
            ticket = get_or_404(selectors.get_ticket, request.user, number)
        else:
            messages.success(
                request,
                {
                    DeskReplyForm.NOTE: "Internal note added.",
                    DeskReplyForm.REPLY: "Reply sent.",
                    DeskReplyForm.REPLY_PENDING: "Reply sent; the ticket is Pending.",
                }[action],
            )
            # What other apps do with it (a macro's actions): after the reply, which stays sent.
            for level, text in hooks.after_desk_reply(
                ticket, actor=request.user, action=action, data=request.POST
            ):
                messages.add_message(request, level, text)
            return redirect("desk-ticket", number=ticket.pk)
    return _ticket_page(request, ticket, reply_form=form, status=status)


@agent_required
@require_POST
def ticket_transition(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = DeskTransitionForm(request.POST)
    if not form.is_valid():
        return _after_action(request, ticket.pk, error=f"Nothing was changed: {form.error_text()}")
    try:
        if form.resolving:  # the desk's Resolve asks for the findings (services.findings)
            ticket = services.resolve_with_findings(
                ticket,
                actor=request.user,
                findings=form.findings(),
                send_summary=form.cleaned_data["send_summary"],
                expected_status=form.cleaned_data["expected_status"],
                comment=form.cleaned_data["comment"],
            )
        else:
            ticket = services.transition(
                ticket,
                actor=request.user,
                name=form.cleaned_data["transition"],
                comment=form.cleaned_data["comment"],
                hold_days=form.cleaned_data["hold_days"],
                expected_status=form.cleaned_data["expected_status"],
            )
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    return _after_action(
        request, ticket.pk, success=f"Ticket #{ticket.pk} is now {ticket.get_status_display()}."
    )


@agent_required
@require_POST
def ticket_take(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    try:
        services.take(ticket, actor=request.user)
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    return _after_action(request, ticket.pk, success="The ticket is yours.")


@agent_required
@require_POST
def ticket_assign(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = AssignForm(request.POST, agents=selectors.assignable_agents())
    if not form.is_valid():
        return _after_action(request, ticket.pk, error="Choose an agent from the list.")
    assignee = form.cleaned_data["assignee"]
    try:
        services.assign(ticket, actor=request.user, assignee=assignee)
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    done = f"Assigned to {assignee.get_username()}." if assignee else "Nobody holds the ticket now."
    return _after_action(request, ticket.pk, success=done)


@agent_required
@require_POST
def ticket_tags(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = TagsForm(request.POST)
    if not form.is_valid():
        return _after_action(request, ticket.pk, error="A tag is at most 100 characters.")
    try:
        services.change_tags(ticket, actor=request.user, **form.changes())
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    return _after_action(request, ticket.pk, success="Tags saved.")


@agent_required
@require_POST
def ticket_ccs(request, number: int):
    """Copy an address on the ticket's public replies, or stop copying it (plain form)."""
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    email, remove = request.POST.get("email", ""), request.POST.get("action") == "remove"
    try:
        if remove:
            services.remove_cc(ticket, email, actor=request.user)
        else:
            services.add_cc(ticket, email, actor=request.user)
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    done = f"{email.strip()} is no longer copied." if remove else f"{email.strip()} is copied."
    return _after_action(request, ticket.pk, success=done)
