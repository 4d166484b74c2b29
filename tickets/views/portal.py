"""The customer portal: submit, follow and answer tickets."""

from django.contrib import messages
from django.shortcuts import redirect, render

from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..forms import ReplyForm, TicketForm, apply_domain_error
from ..states import Status
from .common import customer_required, get_or_404


@customer_required
def ticket_list(request):
    tickets = selectors.ticket_list(request.user).order_by("-updated_at", "-id")
    status = request.GET.get("status")
    if status in Status.values:
        tickets = tickets.filter(status=status)
    return render(request, "portal/ticket_list.html", {"tickets": tickets, "status": status})


@customer_required
def ticket_new(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("attachments")
        try:
            ticket = services.submit_ticket(actor=request.user, attachments=files, **data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Thanks — ticket #{ticket.pk} is with our support team.")
            return redirect("portal-ticket", number=ticket.pk)
    return render(request, "portal/ticket_new.html", {"form": form})


@customer_required
def ticket_detail(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.customer_reply(
                ticket,
                actor=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if outcome.opened_new_ticket:
                messages.info(
                    request,
                    f"Ticket #{ticket.pk} was closed, so your reply opened a new ticket, "
                    f"#{outcome.ticket.pk}, linked to it.",
                )
            else:
                messages.success(request, "Your reply was sent.")
            return redirect("portal-ticket", number=outcome.ticket.pk)
    context = {
        "ticket": ticket,
        "thread": selectors.messages_visible_to(request.user, ticket),
        "attachments": selectors.ticket_attachments(ticket),
        "form": form,
    }
    return render(request, "portal/ticket_detail.html", context)
