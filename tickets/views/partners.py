"""Seed 003-60 and 003-61 on the desk: the partner directory (list, search) and a partner's
ticket number recorded on a ticket (the ticket page's "Partner tickets" panel)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import selectors, services
from .common import agent_required, get_or_404


@agent_required
def partner_list(request):
    search = request.GET.get("q", "")[:200]
    partners = selectors.partner_directory(search)
    page = Paginator(partners, selectors.PARTNERS_PAGE).get_page(request.GET.get("page"))
    return render(request, "desk/partners.html", {"page": page, "search": search})


@agent_required
@require_POST
def partner_ticket_add(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    try:
        row = services.add_partner_ticket(
            ticket,
            actor=request.user,
            partner=request.POST.get("partner", ""),
            reference=request.POST.get("reference", ""),
            url=request.POST.get("url", ""),
        )
    except DomainError as error:
        fields = (getattr(error, "details", None) or {}).get("fields") or {}
        detail = " ".join(message for problems in fields.values() for message in problems)
        messages.error(request, f"{error.message} {detail}".strip())
    else:
        messages.success(request, f"Recorded {row.partner.name} ticket {row.reference}.")
    return redirect("desk-ticket", number=ticket.pk)
