"""Reads of the doc requests: the leads' queue, its filter counts, a ticket's live requests (the
ticket page's panel) and the dashboard's figures, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import DocRequest, DocRequestTicket
from ..states import LIVE_DOC_STATUSES, DocRequestStatus, DocSource


def doc_requests(status: str = DocRequestStatus.OPEN) -> QuerySet[DocRequest]:
    """The queue: requests in ``status``, oldest first (the longest waiting on top), each with
    its article and its tickets (number and subject), in two queries a page."""
    order = ["created_at", "id"] if status in LIVE_DOC_STATUSES else ["-closed_at", "-id"]
    rows = DocRequestTicket.objects.select_related("ticket").only(
        "request_id", "why", "at", "ticket__id", "ticket__subject", "ticket__status"
    )
    return (
        DocRequest.objects.filter(status=status)
        .select_related("article", "decided_by")
        .defer("article__body", "article__search_vector")
        .prefetch_related(Prefetch("asked_by", queryset=rows.order_by("at", "id")))
        .order_by(*order)
    )


def status_counts() -> dict[str, int]:
    """How many requests in each status (one query): the queue's filter tabs."""
    counts = dict(
        DocRequest.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in DocRequestStatus.values}


def live_requests_of_ticket(ticket_id: int) -> list[DocRequest]:
    """The open or drafting requests the ticket asked for (one query)."""
    return list(
        DocRequest.objects.filter(asked_by__ticket_id=ticket_id, status__in=LIVE_DOC_STATUSES)
        .only("id", "kind", "title", "status")
        .order_by("created_at", "id")
    )


def doc_request_figures() -> dict[str, int]:
    """The leads' dashboard (one query): live requests, and those opened by three duplicates."""
    live = Q(status__in=LIVE_DOC_STATUSES)
    return DocRequest.objects.aggregate(
        live=Count("id", filter=live),
        duplicates=Count("id", filter=live & Q(source=DocSource.DUPLICATES)),
    )
