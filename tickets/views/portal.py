"""The customer portal: submit, follow and answer tickets."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.markdown import is_web_link

from .. import policies, selectors, services
from ..forms import MyTicketsFilterForm, ReplyForm, TicketForm
from ..states import AWAITING_CUSTOMER_STATUSES, CUSTOMER_STATUS_TEXT, Status
from . import search as search_views
from .common import customer_required, get_or_404, refused_status

PAGE_SIZE = 25
# The colour of a status tag: waiting for the customer stands out.
STATUS_TAG = {
    Status.OPEN: "is-info is-light",
    Status.PENDING: "is-warning",
    Status.WAITING_ON_CUSTOMER: "is-warning",
    Status.ON_HOLD: "is-light",
    Status.REVIEW: "is-success is-light",
    Status.RESOLVED: "is-success is-light",
    Status.CLOSED: "is-light",
}


def _describe_status(ticket) -> None:
    """Give a ticket the plain words and tag colour the portal shows for its status."""
    ticket.customer_status = CUSTOMER_STATUS_TEXT[Status(ticket.status)]
    ticket.status_tag = STATUS_TAG[Status(ticket.status)]


@customer_required
def ticket_list(request):
    filters = MyTicketsFilterForm(request.GET)
    if text := search_views.query_text(request):
        return search_views.portal_results(request, filters, text, describe=_describe_status)
    tickets = selectors.customer_tickets(request.user, filters.statuses())
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for ticket in page.object_list:
        _describe_status(ticket)
    query = request.GET.copy()
    query.pop("page", None)
    filtered = filters.statuses() is not None
    context = {
        "page": page,
        "filters": filters,
        "filtered": filtered,
        "query": query.urlencode(),
        "awaiting_count": (
            None
            if filtered
            else selectors.customer_tickets(request.user, AWAITING_CUSTOMER_STATUSES).count()
        ),
        "profile": request.user.customer_profile,
    }
    return render(request, "portal/ticket_list.html", context)


@customer_required
def ticket_new(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    status = 200 if request.method != "POST" else refused_status()
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("attachments")
        try:
            ticket = services.submit_ticket(actor=request.user, attachments=files, **data)
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(
                request,
                f"Thanks — ticket #{ticket.pk} is with our support team. We'll answer here "
                "and by email.",
            )
            return redirect("portal-ticket", number=ticket.pk)
    return render(request, "portal/ticket_new.html", {"form": form}, status=status)


def _ticket_page(request, ticket, form, status=200):
    linked_from = ticket.linked_from
    _describe_status(ticket)
    context = {
        "ticket": ticket,
        "awaiting": ticket.status in AWAITING_CUSTOMER_STATUSES,
        "closed": ticket.status == Status.CLOSED,
        "production_link": is_web_link(ticket.production_url),
        "thread": selectors.messages_visible_to(request.user, ticket),
        "attachments": selectors.ticket_attachments(ticket),
        "workaround": selectors.workaround_for_customer(ticket),
        "follow_ups": selectors.follow_ups_visible_to(request.user, ticket),
        "linked_from": (
            linked_from
            if linked_from and policies.can_view_ticket(request.user, linked_from)
            else None
        ),
        "intake": {
            "answer": selectors.intake_confirmation(ticket),
            "may_answer": policies.can_confirm_intake(request.user, ticket)
            and ticket.status != Status.CLOSED,
        },
        "form": form,
    }
    return render(request, "portal/ticket_detail.html", context, status=status)


@customer_required
def ticket_detail(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    if request.method != "POST":
        return _ticket_page(request, ticket, ReplyForm())
    form = ReplyForm(request.POST, request.FILES)
    status = refused_status()
    if form.is_valid():
        try:
            outcome = services.customer_reply(
                ticket,
                actor=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            if outcome.opened_new_ticket:
                messages.info(
                    request,
                    f"Ticket #{ticket.pk} was closed, so your reply opened this new ticket, "
                    f"#{outcome.ticket.pk}, linked to it.",
                )
            else:
                messages.success(request, "Your reply was sent.")
            return redirect(reverse("portal-ticket", args=[outcome.ticket.pk]) + "#latest")
    return _ticket_page(request, ticket, form, status=status)
