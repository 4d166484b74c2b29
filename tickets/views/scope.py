"""Out of scope on the desk (seed 000) and the customer's answer about the intake summary on
the portal (seed 004): parse, call ``services``, answer."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..models import OutOfScopeReason
from .common import agent_required, customer_required, get_or_404
from .desk import _after_action


@agent_required
@require_POST
def ticket_out_of_scope(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    reason = request.POST.get("reason", "")
    try:
        ticket = services.decline_out_of_scope(
            ticket,
            actor=request.user,
            reason=reason,
            route_to_account_manager=request.POST.get("route") == "on",
        )
    except DomainError as error:
        return _after_action(request, number, error=error)
    label = OutOfScopeReason(reason).label.lower()
    return _after_action(
        request,
        number,
        success=f"Declined as out of scope ({label}): the customer was sent the reply and the "
        "ticket is Resolved.",
    )


@customer_required
@require_POST
def ticket_intake_confirm(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    correct = request.POST.get("answer") == "yes"
    try:
        services.confirm_intake(
            ticket, actor=request.user, correct=correct, comment=request.POST.get("comment", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal-ticket", number=number)
    messages.success(
        request,
        "Thank you: the summary is confirmed."
        if correct
        else "Thank you: we will correct the summary and answer you.",
    )
    return redirect("portal-ticket", number=number)


@agent_required
@require_POST
def ticket_discussed(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    try:
        services.mark_discussed(ticket, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as error:
        return _after_action(request, number, error=error)
    return _after_action(
        request, number, success="Recorded: the question was discussed; work may start."
    )
