"""Search on the desk (the queue with ``?q=``) and in the portal (``My tickets`` with ``?q=``).

Both call ``tickets.search`` within the tickets the page would list: the desk within the queue's
filters, the portal within the customer's (or their organization's) tickets. A ticket number
that the user may see opens that ticket.
"""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from .. import search, selectors
from ..desk_forms import ANY_STATUS, QueueFilterForm
from ..forms import MyTicketsFilterForm
from ..states import Status

DESK_PAGE_SIZE = 50
PORTAL_PAGE_SIZE = 25


def query_text(request) -> str:
    return search.clean(request.GET.get("q"))


def _jump(request, url: str):
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _rows(page, tickets, snippets) -> list[dict]:
    rows = []
    for match in page.object_list:
        ticket = tickets.get(match.ticket_id)
        if ticket is not None:
            shown = snippets.get(match.ticket_id, {})
            rows.append(
                {"ticket": ticket, "subject": shown.get("subject"), "snippet": shown.get("text")}
            )
    return rows


def desk_results(request, form: QueueFilterForm, text: str):
    """The queue's search: results with snippets, within the queue's other filters."""
    number = search.ticket_number(text)
    visible = selectors.tickets_visible_to(request.user)
    if number is not None and number < 2**63 and visible.filter(pk=number).exists():
        return _jump(request, reverse("desk-ticket", args=[number]))
    queue = selectors.desk_queue(request.user, **form.queue_params())
    matches = search.search(request.user, text, within=queue.tickets)
    page = Paginator(matches.hits, DESK_PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [m.ticket_id for m in page.object_list]
    tickets = {t.pk: t for t in queue.tickets.filter(pk__in=ids).prefetch_related(None)}
    snippets = search.snippets(request.user, matches, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    status = form.selected_status()
    tabs = [("", "Active"), *Status.choices, (ANY_STATUS, "All")]
    context = {
        "form": form,
        "q": text,
        "page": page,
        "rows": _rows(page, tickets, snippets),
        "total": len(matches),
        "total_shown": f"{len(matches):,}+" if matches.more else f"{len(matches):,}",
        "query": query,
        "status": status,
        "search_tabs": [
            {"value": value or None, "label": label, "current": value == status}
            for value, label in tabs
        ],
    }
    partial = bool(request.htmx) and request.htmx.target == "queue-results"
    template = "desk/_search_results.html" if partial else "desk/queue.html"
    response = render(request, template, {**context, "oob": partial, "searching": True})
    patch_vary_headers(response, ["HX-Request"])
    return response


def portal_results(request, filters: MyTicketsFilterForm, text: str, *, describe):
    """A customer's search of the tickets they may see; public text only. ``describe(ticket)``
    gives a row the portal's words for its status."""
    number = search.ticket_number(text)
    within = selectors.customer_tickets(request.user, filters.statuses())
    if number is not None and number < 2**63 and within.filter(pk=number).exists():
        return redirect("portal-ticket", number)
    matches = search.search(request.user, text, within=within)
    page = Paginator(matches.hits, PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [m.ticket_id for m in page.object_list]
    tickets = {t.pk: t for t in within.filter(pk__in=ids)}
    for ticket in tickets.values():
        describe(ticket)
    snippets = search.snippets(request.user, matches, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "q": text,
        "filters": filters,
        "page": page,
        "rows": _rows(page, tickets, snippets),
        "total_shown": f"{len(matches):,}+" if matches.more else f"{len(matches):,}",
        "query": query.urlencode(),
        "profile": request.user.customer_profile,
    }
    return render(request, "portal/ticket_search.html", context)
