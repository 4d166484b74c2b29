"""Filing a ticket for a customer on the desk (a phone call, a consultant's request): find the
customer by name, email or organization, or add the caller as a new contact, then file.

Without JavaScript the search is a GET form (``?customer_q=``) that reloads the page with the
matches; with htmx the same search swaps only the customer drop-down as the agent types
(``customer_options``). Either way the drop-down lists at most ``selectors.customers.SHOWN``
customers and says how many match in all.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error

from .. import selectors, services
from ..desk_forms import CustomerSearchForm, FileForCustomerForm, NewContactForm
from ..selectors import CustomerMatches
from .common import agent_required, refused_status


def matches_sentence(matches: CustomerMatches) -> str:
    """What the count line under the drop-down says."""
    shown, total, query = len(matches.customers), matches.total, matches.query
    numbers = {"shown": shown, "total": f"{total:,}", "n": total, "q": query}
    if query:
        if not total:
            return (
                f"No customer matches “{query}”. Check the spelling, or add them as a new contact."
            )
        if matches.more:
            return (
                ngettext(
                    "Showing %(shown)d of %(total)s customer matching “%(q)s”: add a word to "
                    "narrow it down.",
                    "Showing %(shown)d of %(total)s customers matching “%(q)s”: add a word to "
                    "narrow it down.",
                    total,
                )
                % numbers
            )
        return (
            ngettext("%(n)d customer matches “%(q)s”.", "%(n)d customers match “%(q)s”.", total)
            % numbers
        )
    if not total:
        return "There are no customers yet: add the caller as a new contact."
    if matches.more:
        return (
            ngettext(
                "Showing %(shown)d of %(total)s customer: search to find the others.",
                "Showing %(shown)d of %(total)s customers: search to find the others.",
                total,
            )
            % numbers
        )
    return ngettext("%(n)d customer.", "All %(n)d customers.", total) % numbers


def _offered(matches: CustomerMatches, chosen) -> list:
    """The matches, with the chosen customer first when the search did not find them."""
    customers = list(matches.customers)
    if chosen is not None and all(user.pk != chosen.pk for user in customers):
        customers.insert(0, chosen)
    return customers


def _preselected(request):
    """The customer of ``?customer=<id>`` (a link, or the contact just added), if any."""
    number = request.GET.get("customer", "")
    if not number.isdigit() or int(number) >= 2**63:  # past a bigint: no such customer
        return None
    return selectors.customers_for_filing().filter(pk=int(number)).first()


def _page(request, *, form=None, contact_form=None, status=200):
    search = CustomerSearchForm(request.GET)
    matches = selectors.customers_matching(search.query())
    if form is None:
        chosen = _preselected(request)
        form = FileForCustomerForm(
            initial={"requester": chosen.pk if chosen else None},
            customers=selectors.customers_for_filing(),
        )
    else:
        chosen = form.chosen()
    form.offer(_offered(matches, chosen))
    context = {
        "form": form,
        "contact_form": contact_form or NewContactForm(),
        "matches": matches,
        "matches_sentence": matches_sentence(matches),
    }
    return render(request, "desk/ticket_new.html", context, status=status)


@agent_required
def ticket_new(request):
    """File a ticket on a customer's behalf: it arrives in Triage exactly as if they had."""
    if request.method != "POST":
        return _page(request)
    form = FileForCustomerForm(
        request.POST, request.FILES, customers=selectors.customers_for_filing()
    )
    status = refused_status()
    if form.is_valid():
        data = dict(form.cleaned_data)
        files, requester = data.pop("attachments"), data.pop("requester")
        try:
            ticket = services.submit_ticket(
                actor=request.user, requester=requester, attachments=files, **data
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(
                request,
                f"Ticket #{ticket.pk} filed for {requester.get_username()}; they get the "
                "confirmation email.",
            )
            return redirect("desk-ticket", number=ticket.pk)
    return _page(request, form=form, status=status)


@agent_required
@require_safe
def customer_options(request):
    """The customer drop-down for the search typed so far (htmx swaps it in as one types)."""
    matches = selectors.customers_matching(CustomerSearchForm(request.GET).query())
    form = FileForCustomerForm(customers=selectors.customers_for_filing())
    form.offer(matches.customers)
    context = {"form": form, "matches": matches, "matches_sentence": matches_sentence(matches)}
    return render(request, "desk/_customer_choice.html", context)


@agent_required
@require_POST
def contact_new(request):
    """Add the caller as a contact of an organization (no portal invitation), then come back
    to the form with them chosen."""
    form = NewContactForm(request.POST)
    status = refused_status()
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.invite_customer(
                actor=request.user,
                organization=data["organization"],
                email=data["email"],
                name=data["name"],
                send_invitation=False,
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(
                request,
                f"{contact.get_full_name()} ({contact.email}) is a new contact of "
                f"{data['organization'].name}, chosen below. They get the ticket's emails; "
                "invite them when they need the portal.",
            )
            return redirect(f"{reverse('desk-ticket-new')}?customer={contact.pk}")
    return _page(request, contact_form=form, status=status)
