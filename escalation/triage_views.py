"""Triage routes a ticket from the desk: ``/desk/tickets/<n>/route/`` (seed 003; the rules are
``escalation.services.route``'s)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import agent_required, get_or_404, refused_status, require
from tickets import selectors as ticket_selectors
from tickets.policies import routes_tickets
from tickets.states import Category, Priority

from . import selectors, services
from .forms import RouteForm

triage_required = require(routes_tickets, "Only Triage and leads route tickets to agents.")


def _ticket(request, number):
    return get_or_404(ticket_selectors.get_ticket, request.user, number)


def _route_form(ticket, data=None) -> RouteForm:
    return RouteForm(
        data,
        ticket=ticket,
        targets=selectors.route_targets(),
        agents_by_tier=selectors.agents_by_tier(),
        priorities=Priority.choices,
        categories=Category.choices,
    )


@agent_required
@triage_required
def route(request, number: int):
    """Triage gives the ticket to a tier and an agent, sets priority and category (seed 003)."""
    ticket = _ticket(request, number)
    form, status = _route_form(ticket, request.POST or None), 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                routed = services.route(
                    ticket,
                    actor=request.user,
                    tier=data["tier"],
                    assignee=ticket_selectors.user_named(data["assignee"]),
                    priority=data["priority"],
                    category=data["category"],
                    note=data["note"],
                    expected_tier=data["expected_tier"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
                ticket = _ticket(request, number)
            else:
                done = ", ".join(routed.changes) or "note added"
                messages.success(request, f"Ticket #{ticket.pk}: {done}.")
                return redirect("desk-ticket", number=ticket.pk)
    return render(
        request, "escalation/triage.html", {"ticket": ticket, "form": form}, status=status
    )
