"""The lead's confirmation of an escalation to On-Call held in working hours (seed 003):
``/desk/tickets/<n>/oncall/`` shows what the agent wrote, with Confirm and Decline (leads only).

Works without JavaScript: a successful POST redirects to the ticket; a refused one shows the
page again with the reason (400, 403, or 409 when another lead decided first).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from helpdesk.core import roles
from helpdesk.core.errors import DomainError
from helpdesk.core.gates import agent_required, get_or_404, require
from tickets import selectors as ticket_selectors

from . import selectors, services

lead_required = require(roles.is_lead, "Only leads confirm or decline escalations to On-Call.")


def _ticket(request, number):
    return get_or_404(ticket_selectors.get_ticket, request.user, number)


def _page(request, ticket, *, error: DomainError | None = None, reason: str = ""):
    context = {
        "ticket": ticket,
        "held": selectors.awaiting_request(ticket),
        "is_lead": roles.is_lead(request.user),
        "error": error,
        "reason": reason,
    }
    status = error.status if error is not None else 200
    return render(request, "escalation/oncall_request.html", context, status=status)


@agent_required
def on_call_request(request, number: int):
    return _page(request, _ticket(request, number))


@lead_required
@require_POST
def confirm(request, number: int):
    ticket = _ticket(request, number)
    try:
        escalation = services.confirm_on_call(ticket, actor=request.user)
    except DomainError as error:
        return _page(request, _ticket(request, number), error=error)
    messages.success(request, f"Confirmed: escalated to {escalation.to_tier.name}, On-Call paged.")
    return redirect("desk-ticket", number=ticket.pk)


@lead_required
@require_POST
def decline(request, number: int):
    ticket = _ticket(request, number)
    reason = request.POST.get("reason", "")
    try:
        services.decline_on_call(ticket, actor=request.user, reason=reason)
    except DomainError as error:
        return _page(request, _ticket(request, number), error=error, reason=reason)
    messages.success(request, f"Declined: the ticket stays in {ticket.tier.code}.")
    return redirect("desk-ticket", number=ticket.pk)
