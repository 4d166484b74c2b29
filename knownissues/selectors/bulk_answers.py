"""Reads of bulk answers: who receives one, the draft being written, what was delivered."""

from django.db.models import Count, QuerySet

from helpdesk.core.errors import NotFound
from tickets.models import Ticket
from tickets.states import Status

from ..models import BulkAnswer, BulkAnswerDelivery, KnownIssue
from ..states import BulkAnswerState


def bulk_answer_recipients(issue: KnownIssue) -> QuerySet[Ticket]:
    """Every linked ticket that is not Closed (a reply to a Closed ticket would reach nobody:
    the customer's answer would open a new ticket). Resolved tickets still hear the news."""
    return (
        Ticket.objects.filter(known_issue_links__known_issue=issue)
        .exclude(status=Status.CLOSED)
        .select_related("organization", "requester")
        .order_by("pk")
    )


def open_bulk_answer(issue: KnownIssue) -> BulkAnswer | None:
    """The draft being written, or the answer still being sent."""
    return (
        BulkAnswer.objects.filter(
            known_issue=issue, state__in=[BulkAnswerState.DRAFT, BulkAnswerState.SENDING]
        )
        .select_related("created_by", "sent_by")
        .first()
    )


def bulk_answers_of(issue: KnownIssue) -> QuerySet[BulkAnswer]:
    return (
        BulkAnswer.objects.filter(known_issue=issue)
        .select_related("created_by", "sent_by")
        .annotate(delivered=Count("deliveries"))
    )


def get_bulk_answer(issue: KnownIssue, pk) -> BulkAnswer:
    try:
        return (
            BulkAnswer.objects.select_related("known_issue", "created_by", "sent_by")
            .annotate(delivered=Count("deliveries"))
            .get(known_issue=issue, pk=int(pk))
        )
    except (BulkAnswer.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Bulk answer {pk} of known issue {issue.pk} was not found.") from None


def delivered_ticket_ids(bulk_answer: BulkAnswer) -> set[int]:
    return set(
        BulkAnswerDelivery.objects.filter(bulk_answer=bulk_answer).values_list(
            "ticket_id", flat=True
        )
    )
