"""Merge a duplicate into the ticket that carries the conversation: ``/desk/tickets/<n>/merge/``."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import BulmaMixin, apply_domain_error
from helpdesk.core.gates import refused_status

from .. import selectors, services
from .common import agent_required, get_or_404


class MergeForm(BulmaMixin, forms.Form):
    into = forms.IntegerField(
        label="Merge into ticket number",
        min_value=1,
        max_value=2**63 - 1,
        help_text="The ticket to keep. This one is closed, and its messages move there.",
    )


@agent_required
def ticket_merge(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form, status = MergeForm(request.POST or None), 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                kept = services.merge_tickets(
                    ticket, actor=request.user, into=form.cleaned_data["into"]
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(
                    request, f"Ticket #{ticket.pk} is merged into #{kept.pk} and closed."
                )
                return redirect("desk-ticket", number=kept.pk)
    context = {
        "ticket": ticket,
        "form": form,
        "candidates": selectors.merge_candidates(ticket),
    }
    return render(request, "desk/merge.html", context, status=status)
