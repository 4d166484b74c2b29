"""Every write of the known-issue tracker: issues, ticket links, status changes, bulk answers.

Each write is one transaction that locks the known issue, checks the actor through
``knownissues.policies`` and changes tickets only through ``tickets.services`` (tags, notes,
replies, transitions). A status change of an issue that is on the public status page writes a
``StatusUpdate`` in the same transaction, so the page's history shows it.

A bulk answer is sent ticket by ticket, each in its own transaction that first inserts the
ticket's ``BulkAnswerDelivery`` (unique per answer and ticket) and then posts the public reply
(which writes the customer's outbox row). A retried send skips tickets already delivered, and two
workers sending at once cannot both deliver to one ticket: the second insert waits for the first
and fails, rolling its reply back.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from helpdesk.celery import app as celery_app
from helpdesk.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from helpdesk.core.markdown import is_web_link
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import Status

from . import policies, selectors
from . import status as status_page
from .models import (
    BulkAnswer,
    BulkAnswerDelivery,
    DismissedSignal,
    KnownIssue,
    KnownIssueLink,
    StatusUpdate,
)
from .states import BulkAnswerState, IssueStatus

logger = logging.getLogger(__name__)

SEND_BULK_ANSWER_TASK = "knownissues.send_bulk_answer"
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
MAX_SLUG = 60
# Tickets in these statuses are resolved by a bulk answer with "resolve the tickets".
RESOLVABLE = frozenset(
    {Status.OPEN, Status.PENDING, Status.WAITING_ON_CUSTOMER, Status.ON_HOLD, Status.REVIEW}
)
EDITABLE_FIELDS = ("title", "slug", "description", "public_summary", "bug_url", "partner_tickets")


class AlreadyLinked(Conflict):
    code = "already_linked"


class IssueResolved(Conflict):
    code = "known_issue_resolved"


class BulkAnswerBusy(Conflict):
    code = "bulk_answer_busy"


# --- helpers --------------------------------------------------------------------------------


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Only agents may {what}.")


def _lock(number: int) -> KnownIssue:
    try:
        return KnownIssue.objects.select_for_update().get(pk=number)
    except KnownIssue.DoesNotExist:
        raise NotFound(f"Known issue {number} was not found.") from None


def _ticket(number) -> Ticket:
    try:
        return Ticket.objects.get(pk=int(str(number).lstrip("#")))
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Ticket {number} was not found.") from None


def clean_fields(data: dict, *, partial: bool = False) -> dict:
    """Trimmed, validated editable fields; a slug is derived from the title when empty."""
    cleaned = {name: (data.get(name) or "").strip() for name in EDITABLE_FIELDS if name in data}
    errors: dict[str, list[str]] = {}
    if not partial or "title" in cleaned:
        if not cleaned.get("title"):
            errors["title"] = ["Write a changelog-style title, e.g. 'Fixed: checkout 502'."]
        elif len(cleaned["title"]) > 200:
            errors["title"] = ["At most 200 characters."]
    if "slug" in cleaned or not partial:
        raw = cleaned.get("slug") or ("" if partial else cleaned.get("title", ""))
        slug = slugify(raw)[:MAX_SLUG].strip("-")
        if not slug and "title" not in errors:
            errors["slug"] = ["A couple of words for the tag, e.g. checkout-502."]
        cleaned["slug"] = slug
    url = cleaned.get("bug_url", "")
    if url and not is_web_link(url):
        errors["bug_url"] = ["Link the bug with https://…"]
    if len(url) > 500 or len(cleaned.get("partner_tickets", "")) > 500:
        errors.setdefault("partner_tickets", []).append("At most 500 characters.")
    if errors:
        raise ValidationFailed("The known issue has invalid fields.", fields=errors)
    return cleaned


# The public line a posted issue gets when its status changes and nobody wrote one.
STANDARD_STATUS_LINES = {
    IssueStatus.RESOLVED: "Resolved. Thank you for your patience.",
    IssueStatus.KNOWN_ISSUE: "We know the cause and are working on a fix.",
    IssueStatus.INVESTIGATING: "We are investigating.",
}


def _write_status_update(issue: KnownIssue, actor, at: datetime, summary: str) -> None:
    """The public history line of a posted issue (the status page shows these). Its text is
    always public text — never the staff-only title or description."""
    if issue.is_public:
        StatusUpdate.objects.create(
            known_issue=issue, status=issue.status, summary=summary, posted_by=actor, created_at=at
        )


# --- known issues ---------------------------------------------------------------------------


def create_known_issue(
    *,
    actor,
    title: str,
    slug: str = "",
    description: str = "",
    public_summary: str = "",
    bug_url: str = "",
    partner_tickets: str = "",
    status: str = IssueStatus.INVESTIGATING,
    tickets_to_link: Iterable = (),
    at: datetime | None = None,
) -> KnownIssue:
    """A new known issue, optionally linked at once to tickets ("create from tickets")."""
    _require(policies.may_manage(actor), "create known issues")
    fields = clean_fields(
        {
            "title": title,
            "slug": slug,
            "description": description,
            "public_summary": public_summary,
            "bug_url": bug_url,
            "partner_tickets": partner_tickets,
        }
    )
    if status not in (IssueStatus.INVESTIGATING, IssueStatus.KNOWN_ISSUE):
        raise ValidationFailed(
            "A new known issue is Investigating or Known Issue.",
            fields={"status": ["Choose Investigating or Known Issue."]},
        )
    numbers = list(
        dict.fromkeys(
            n.pk if isinstance(n, Ticket) else int(str(n).lstrip("#")) for n in tickets_to_link
        )
    )
    at = at or timezone.now()
    with transaction.atomic():
        found = {t.pk: t for t in Ticket.objects.filter(pk__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationFailed(
                f"Tickets {', '.join(f'#{n}' for n in missing)} were not found.",
                fields={"tickets": [f"No ticket #{n}." for n in missing]},
            )
        issue = KnownIssue.objects.create(
            **fields, status=status, created_by=actor, created_at=at, updated_at=at
        )
        for number in numbers:
            _link(issue, found[number], actor=actor, at=at)
    return issue


def update_known_issue(issue: KnownIssue, *, actor, **changes) -> KnownIssue:
    """Edit the text fields. A new slug re-tags every linked ticket with the new tag."""
    _require(policies.may_manage(actor), "edit known issues")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(f"Cannot change {', '.join(sorted(unknown))} here.")
    fields = clean_fields(changes, partial=True)
    at = timezone.now()
    with transaction.atomic():
        issue = _lock(issue.pk)
        old_tag = issue.tag_name
        summary_changed = "public_summary" in fields and fields["public_summary"] != (
            issue.public_summary
        )
        if summary_changed and issue.is_public:
            raise Conflict(
                f"Known issue {issue.pk} is on the status page: change its public text with "
                "“Post an update”, where status posters check it before the public reads it. "
                "Nothing was changed.",
                fields={"public_summary": ["Posted: use “Post an update” on the status page."]},
            )
        for name, value in fields.items():
            setattr(issue, name, value)
        issue.updated_at = at
        issue.save()
        if issue.tag_name != old_tag:
            for link in KnownIssueLink.objects.filter(known_issue=issue).select_related("ticket"):
                _retag(link.ticket, actor=actor, remove=old_tag, add=issue.tag_name)
    return issue


def change_status(issue: KnownIssue, *, actor, status: str, public_note: str = "") -> KnownIssue:
    """Investigating → Known Issue → Resolved (and back, when an issue comes back).

    A posted issue's change also goes on the status page: ``public_note`` when a status poster
    wrote one (checked like any public text), else the standard line of the new status
    (``STANDARD_STATUS_LINES``) — so the page never says "working on a fix" under Resolved.
    """
    _require(policies.may_manage(actor), "change the status of known issues")
    public_note = (public_note or "").strip()
    if public_note and not policies.may_post_status(actor):
        raise PermissionDenied(
            "Only status posters write public text; leave the public line empty for the "
            "standard one. Nothing was changed."
        )
    if status not in IssueStatus.values:
        raise ValidationFailed(
            f"Unknown status {status!r}.",
            fields={"status": [f"Choose one of: {', '.join(IssueStatus.values)}."]},
        )
    at = timezone.now()
    with transaction.atomic():
        issue = _lock(issue.pk)
        if issue.status == status:
            raise Conflict(
                f"Known issue {issue.pk} is already {issue.get_status_display()}.",
                current_status=issue.status,
            )
        if public_note and issue.is_public:
            public_note = status_page.clean_summary(issue, public_note)
        issue.status = status
        issue.resolved_at = at if status == IssueStatus.RESOLVED else None
        issue.updated_at = at
        issue.save(update_fields=["status", "resolved_at", "updated_at"])
        _write_status_update(issue, actor, at, public_note or STANDARD_STATUS_LINES[status])
    return issue


def edit_known_issue(
    issue: KnownIssue, *, actor, status: str = "", public_note: str = "", **changes
) -> KnownIssue:
    """Text fields and a status change in one go (the API's PATCH): all of it or nothing. The
    same status again changes nothing; a public line needs the status change it describes."""
    if (public_note or "").strip() and not status:
        raise ValidationFailed(
            "A public line goes with a status change: send the new status too.",
            fields={"public_note": ["Send it with the new status."]},
        )
    with transaction.atomic():
        if changes:
            issue = update_known_issue(issue, actor=actor, **changes)
        if status and status != issue.status:
            issue = change_status(issue, actor=actor, status=status, public_note=public_note)
    return issue


# --- ticket links ---------------------------------------------------------------------------


def _retag(ticket: Ticket, *, actor, remove: str = "", add: str = "") -> None:
    tickets.change_tags(ticket, actor=actor, add=[add] if add else [], remove=[remove])


def _link(issue: KnownIssue, ticket: Ticket, *, actor, at: datetime) -> KnownIssueLink:
    if KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).exists():
        raise AlreadyLinked(f"Ticket #{ticket.pk} is already linked to known issue {issue.pk}.")
    link = KnownIssueLink.objects.create(
        known_issue=issue, ticket=ticket, linked_by=actor, linked_at=at
    )
    _retag(ticket, actor=actor, add=issue.tag_name)
    tickets.add_internal_note(
        ticket,
        actor=actor,
        body=f"Linked to known issue **{issue.tag_name}**: {issue.title} "
        f"({issue.get_status_display()}).",
    )
    return link


def link_ticket(issue: KnownIssue, ticket: Ticket | int, *, actor) -> KnownIssueLink:
    """Tag the ticket ``<number>-<slug>`` and note it on the ticket. A Resolved issue takes no
    new tickets: reopen it, or answer the ticket directly."""
    _require(policies.may_manage(actor), "link tickets to known issues")
    ticket = ticket if isinstance(ticket, Ticket) else _ticket(ticket)
    at = timezone.now()
    with transaction.atomic():
        issue = _lock(issue.pk)
        if not policies.issue_takes_tickets(issue):
            raise IssueResolved(
                f"Known issue {issue.pk} is resolved: reopen it, or answer #{ticket.pk} directly.",
                current_status=issue.status,
            )
        link = _link(issue, ticket, actor=actor, at=at)
        issue.updated_at = at
        issue.save(update_fields=["updated_at"])
    return link


def unlink_ticket(issue: KnownIssue, ticket: Ticket | int, *, actor) -> None:
    """Remove the link and the ticket's ``<number>-<slug>`` tag, with a note on the ticket."""
    _require(policies.may_manage(actor), "unlink tickets from known issues")
    ticket = ticket if isinstance(ticket, Ticket) else _ticket(ticket)
    at = timezone.now()
    with transaction.atomic():
        issue = _lock(issue.pk)
        deleted, _ = KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).delete()
        if not deleted:
            raise NotFound(f"Ticket #{ticket.pk} is not linked to known issue {issue.pk}.")
        _retag(ticket, actor=actor, remove=issue.tag_name)
        tickets.add_internal_note(
            ticket, actor=actor, body=f"Unlinked from known issue **{issue.tag_name}**."
        )
        issue.updated_at = at
        issue.save(update_fields=["updated_at"])


def link_from_tag(ticket: Ticket, tag_name: str, *, at: datetime | None = None) -> bool:
    """An agent typed an existing open issue's tag on the ticket (by hand, or when escalating
    down with a known issue): link it too, with a system note. Called by the tag receiver
    inside the tagging transaction; returns whether a link was made."""
    issue = selectors.issue_for_tag(tag_name)
    if issue is None or issue.status == IssueStatus.RESOLVED:
        return False
    if KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).exists():
        return False
    at = at or timezone.now()
    KnownIssueLink.objects.create(known_issue=issue, ticket=ticket, linked_by=None, linked_at=at)
    KnownIssue.objects.filter(pk=issue.pk).update(updated_at=at)
    tickets.add_system_note(
        ticket, f"Linked to known issue **{issue.tag_name}**: {issue.title} (tagged).", at
    )
    return True


def unlink_from_tag(ticket: Ticket, tag_name: str, *, at: datetime | None = None) -> bool:
    """The issue's tag was removed from the ticket by hand: the link goes with it."""
    issue = selectors.issue_for_tag(tag_name)
    if issue is None:
        return False
    deleted, _ = KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).delete()
    if deleted:
        tickets.add_system_note(
            ticket, f"Unlinked from known issue **{issue.tag_name}** (tag removed).", at
        )
    return bool(deleted)


# --- bulk answers ---------------------------------------------------------------------------


def compose_bulk_answer(
    issue: KnownIssue, *, actor, body: str, resolve_tickets: bool = False
) -> BulkAnswer:
    """Write (or rewrite) the draft of the answer every linked ticket will receive."""
    _require(policies.may_send_bulk_answer(actor), "send bulk answers")
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(
            "The answer is empty.", fields={"body": ["Write the message the customers get."]}
        )
    at = timezone.now()
    with transaction.atomic():
        issue = _lock(issue.pk)
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
    _require(policies.may_send_bulk_answer(actor), "send bulk answers")
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
            transaction.on_commit(lambda: publish_send(answer.pk))
    return answer


def publish_send(pk: int) -> bool:
    """Ask a worker to deliver the answer. Never raises: the periodic resume is the safety net,
    and the page offers "Send the rest now"."""
    try:
        celery_app.send_task(
            SEND_BULK_ANSWER_TASK,
            args=[pk],
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
            ignore_result=True,
        )
    except Exception:
        logger.warning("Could not publish %s for bulk answer %s.", SEND_BULK_ANSWER_TASK, pk)
        return False
    return True


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


# --- dashboard signals ------------------------------------------------------------------------

SIGNAL_KEY = re.compile(r"tag:\S.{0,195}|post:\d{1,12}")


def dismiss_signal(*, actor, key: str, ticket_count: int) -> DismissedSignal:
    """A lead answers a dashboard signal with "no" ("not a known issue", "not for the status
    page"): it stays hidden until more than ``ticket_count`` tickets share it."""
    if not policies.may_see_signals(actor):
        raise PermissionDenied("Only leads dismiss known-issue signals.")
    key = (key or "").strip().lower()
    if not SIGNAL_KEY.fullmatch(key) or ticket_count is None or not 0 <= ticket_count < 2**31:
        raise ValidationFailed(
            "That is not a signal of the dashboard.",
            fields={"key": ["Dismiss a signal from the dashboard's list."]},
        )
    signal, _ = DismissedSignal.objects.update_or_create(
        key=key,
        defaults={
            "ticket_count": ticket_count,
            "dismissed_by": actor,
            "dismissed_at": timezone.now(),
        },
    )
    return signal
