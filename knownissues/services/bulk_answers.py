"""Bulk answers: the one public reply every ticket linked to a known issue receives.

A bulk answer is sent ticket by ticket, each in its own transaction that first inserts the
ticket's ``BulkAnswerDelivery`` (unique per answer and ticket) and then posts the public reply
through ``tickets.services`` (which writes the customer's outbox row). A retried send skips
tickets already delivered, and two workers sending at once cannot both deliver to one ticket:
the second insert waits for the first and fails, rolling its reply back.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpdesk.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from helpdesk.core.publish import publish_on_commit
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import Status

from .. import policies, selectors
from ..errors import BulkAnswerBusy
from ..models import BulkAnswer, BulkAnswerDelivery, KnownIssue
from ..states import BulkAnswerState, IssueStatus
from ._common import lock_issue, require

logger = logging.getLogger(__name__)

SEND_BULK_ANSWER_TASK = "knownissues.send_bulk_answer"
# Tickets in these statuses are resolved by a bulk answer with "resolve the tickets".
RESOLVABLE = frozenset(
    {Status.OPEN, Status.PENDING, Status.WAITING_ON_CUSTOMER, Status.ON_HOLD, Status.REVIEW}
)


def compose_bulk_answer(
    issue: KnownIssue, *, actor, body: str, resolve_tickets: bool = False
) -> BulkAnswer:
    """Write (or rewrite) the draft of the answer every linked ticket will receive."""
    require(policies.may_send_bulk_answer(actor), "send bulk answers")
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(
            "The answer is empty.", fields={"body": ["Write the message the customers get."]}
        )
    at = timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if resolve_tickets and issue.status != IssueStatus.RESOLVED:
            raise ValidationFailed(
                "Resolve the known issue before resolving its tickets.",
                fields={"resolve_tickets": ["Only once the known issue is Resolved."]},
            )
        answer = selectors.open_bulk_answer(issue)
        if answer is not None and answer.state == BulkAnswerState.SENDING:
            raise BulkAnswerBusy(
                f"Bulk answer {answer.pk} is still being sent: finish it before writing another.",
                bulk_answer=answer.pk,
            )
        if answer is None:
            answer = BulkAnswer(known_issue=issue, created_by=actor, created_at=at)
        answer.body = body
        answer.resolve_tickets = bool(resolve_tickets)
        answer.updated_at = at
        answer.save()
    return answer


def _lock_answer(pk: int) -> BulkAnswer:
    try:
        return BulkAnswer.objects.select_for_update().get(pk=pk)
    except BulkAnswer.DoesNotExist:
        raise NotFound(f"Bulk answer {pk} was not found.") from None


def start_sending(answer: BulkAnswer, *, actor, publish: bool = True) -> BulkAnswer:
    """Press Send: the draft becomes Sending in the actor's name and a worker is asked, after
    the commit, to deliver it. Pressing again while it is Sending asks again (a retry)."""
    require(policies.may_send_bulk_answer(actor), "send bulk answers")
    at = timezone.now()
    with transaction.atomic():
        answer = _lock_answer(answer.pk)
        if answer.state == BulkAnswerState.SENT:
            raise Conflict(f"Bulk answer {answer.pk} was already sent.", state=answer.state)
        if answer.state == BulkAnswerState.DRAFT:
            if not selectors.bulk_answer_recipients(answer.known_issue).exists():
                raise ValidationFailed(
                    "No linked ticket is left to answer (Closed tickets receive nothing)."
                )
            answer.state = BulkAnswerState.SENDING
            answer.sent_by = actor
            answer.send_started_at = at
        answer.updated_at = at
        answer.save()
        if publish:
            publish_on_commit(
                SEND_BULK_ANSWER_TASK,
                answer.pk,
                fallback="the periodic resume sends it, or Send the rest now",
            )
    return answer


@dataclass(frozen=True)
class SendResult:
    delivered: int
    resolved: int
    skipped: int
    done: bool


def _deliver_one(answer: BulkAnswer, ticket_id: int, actor, note: str) -> tuple[bool, bool]:
    """One ticket, one transaction: the delivery row first (unique), then the public reply and,
    when asked, the resolve. Returns (delivered, resolved); (False, False) when another send
    already delivered it."""
    try:
        with transaction.atomic():
            delivery = BulkAnswerDelivery.objects.create(
                bulk_answer=answer, ticket_id=ticket_id, delivered_at=timezone.now()
            )
            ticket = Ticket.objects.get(pk=ticket_id)
            if ticket.status == Status.CLOSED:
                # Closed between the preview and the send: it receives nothing. The row stays
                # so that a retry does not look at it again.
                return False, False
            outcome = tickets.reply(ticket, actor=actor, body=answer.body)
            delivery.message = outcome.message
            delivery.save(update_fields=["message"])
            resolved = False
            if answer.resolve_tickets and outcome.ticket.status in RESOLVABLE:
                tickets.transition(outcome.ticket, actor=actor, name="resolve", comment=note)
                resolved = True
            return True, resolved
    except IntegrityError:
        return False, False


def deliver_bulk_answer(pk: int) -> SendResult:
    """Deliver a Sending answer to every recipient that has not had it yet; mark it Sent when
    none is left. Safe to run again after a crash, and by two workers at once.

    A ticket whose reply the helpdesk refuses (a domain error: nothing was written for it) does
    not hold the others back: they are answered, the refusals are kept in ``last_error`` and the
    answer stays Sending, so a retry tries those tickets again. Anything else (the database or
    the worker failing) stops the send; the retry goes on from where it stopped."""
    answer = BulkAnswer.objects.select_related("known_issue", "sent_by").get(pk=pk)
    if answer.state != BulkAnswerState.SENDING:
        return SendResult(0, 0, 0, answer.state == BulkAnswerState.SENT)
    actor = answer.sent_by
    note = f"Resolved with the bulk answer of known issue {answer.known_issue.tag_name}."
    done_ids = selectors.delivered_ticket_ids(answer)
    wanted = list(selectors.bulk_answer_recipients(answer.known_issue).values_list("pk", flat=True))
    delivered = resolved = skipped = 0
    refused = []
    try:
        for ticket_id in wanted:
            if ticket_id in done_ids:
                skipped += 1
                continue
            try:
                sent, closed = _deliver_one(answer, ticket_id, actor, note)
            except DomainError as refusal:
                refused.append(f"#{ticket_id}: {refusal.message}")
                continue
            delivered += sent
            resolved += closed
            skipped += not sent
    except Exception as error:
        BulkAnswer.objects.filter(pk=pk).update(
            last_error=f"{type(error).__name__}: {error}"[:2000], updated_at=timezone.now()
        )
        raise
    if refused:
        BulkAnswer.objects.filter(pk=pk).update(
            last_error=("Not answered: " + "; ".join(refused))[:2000], updated_at=timezone.now()
        )
        return SendResult(delivered, resolved, skipped, False)
    at = timezone.now()
    with transaction.atomic():
        answer = _lock_answer(pk)
        if answer.state == BulkAnswerState.SENDING:
            answer.state = BulkAnswerState.SENT
            answer.sent_at = at
            answer.last_error = ""
            answer.updated_at = at
            answer.save()
    return SendResult(delivered, resolved, skipped, True)


def send_now(answer: BulkAnswer, *, actor) -> SendResult:
    """The page's "Send the rest now": deliver in the request (after a worker died, or while
    the broker is down). The same idempotent delivery as the worker's."""
    answer = start_sending(answer, actor=actor, publish=False)
    return deliver_bulk_answer(answer.pk)


def resume_stalled(older_than_seconds: int = 300) -> int:
    """The periodic safety net: deliver answers left Sending (worker lost, broker down)."""
    since = timezone.now() - timedelta(seconds=older_than_seconds)
    stalled = BulkAnswer.objects.filter(
        state=BulkAnswerState.SENDING, updated_at__lt=since
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(stalled):
        BulkAnswer.objects.filter(pk=pk).update(updated_at=timezone.now())
        try:
            deliver_bulk_answer(pk)
            count += 1
        except Exception:
            logger.exception("Bulk answer %s stopped again; the next run retries it.", pk)
    return count
