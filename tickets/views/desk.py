"""The agent desk: the queue and the ticket page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..api.filters import TicketFilter
from ..forms import AgentReplyForm, TransitionForm, apply_domain_error
from .common import agent_required, get_or_404


@agent_required
def queue(request):
    filters = TicketFilter(
        request.GET, queryset=selectors.ticket_list(request.user), request=request
    )
    page = Paginator(filters.qs.order_by("created_at", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "desk/queue.html", {"page": page, "filters": filters})


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
