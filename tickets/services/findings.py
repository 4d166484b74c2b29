"""A ticket's findings: the cause, what was tried, the fix or a temporary workaround, whether a
doc should change, and the part the customer may read (seed 004; ``TicketFindings``).

Staff record them, and change them later (one row per ticket); resolving on the desk asks for
them (``resolve_with_findings``). The internal text is kept as one internal message of kind
Findings, so staff search finds a ticket by its findings and a customer's search never does.
"""

from dataclasses import dataclass, fields
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import policies, signals
from ..models import Message, Ticket, TicketFindings
from ..models.findings import DOC_NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from ..states import DocChange, MessageKind, Outcome
from ._common import _check_visible, _lock, record_event
from .messages import reply
from .transitions import transition


@dataclass(frozen=True)
class Findings:
    """What a person wrote: every text stripped; ``fix`` is the fix or the workaround."""

    cause: str = ""
    tried: str = ""
    fix: str = ""
    outcome: str = Outcome.FIX
    doc_change: str = DocChange.NONE
    doc_note: str = ""
    customer_summary: str = ""

    @classmethod
    def of(cls, data) -> "Findings":
        """From a form's or a serializer's cleaned data (missing keys: the defaults)."""
        values = {}
        for field in fields(cls):
            value = data.get(field.name)
            if value not in (None, ""):
                values[field.name] = str(value).strip()
        return cls(**values)


def findings_problems(
    findings: Findings, *, resolving: bool = False, send_summary: bool = False
) -> dict[str, str]:
    """Why these findings are refused, by field ({} when they are not). The desk's forms show
    the same sentences before anything is sent.

    The fix (or workaround) is always asked. The cause too, except for a temporary workaround
    recorded while the ticket is still being worked: then it may not be known yet. A doc change
    says what should change; a summary sent to the customer must be written."""
    problems: dict[str, str] = {}
    if findings.outcome not in Outcome.values:
        problems["outcome"] = "Choose Fix or Temporary workaround."
    if findings.doc_change not in DocChange.values:
        problems["doc_change"] = "Choose whether a doc should change."
    if not findings.fix:
        problems["fix"] = (
            "Say what the workaround is."
            if findings.outcome == Outcome.WORKAROUND
            else "Say what fixed it."
        )
    if not findings.cause and (resolving or findings.outcome != Outcome.WORKAROUND):
        problems["cause"] = "Say what caused it."
    if findings.doc_change in (DocChange.USER, DocChange.INTERNAL) and not findings.doc_note:
        problems["doc_note"] = "Say what the doc should change."
    if len(findings.doc_note) > DOC_NOTE_MAX_LENGTH:
        problems["doc_note"] = f"At most {DOC_NOTE_MAX_LENGTH} characters."
    for name in ("cause", "tried", "fix", "customer_summary"):
        if len(getattr(findings, name)) > TEXT_MAX_LENGTH:
            problems[name] = f"At most {TEXT_MAX_LENGTH:,} characters."
    if send_summary and not findings.customer_summary:
        problems["customer_summary"] = "Write the summary the customer gets."
    return problems


def _check(actor, ticket: Ticket, findings: Findings, **rules) -> None:
    _check_visible(actor, ticket)
    if not policies.can_record_findings(actor):
        raise PermissionDenied("Only agents record findings.")
    problems = findings_problems(findings, **rules)
    if problems:
        raise ValidationFailed(
            "Nothing was saved: " + " ".join(problems.values()),
            fields={name: [text] for name, text in problems.items()},
        )


def search_text(findings: Findings) -> str:
    """The findings as one Markdown text: the internal message staff search reads."""
    parts = [("What caused it", findings.cause), ("Tried, did not help", findings.tried)]
    label = "Workaround" if findings.outcome == Outcome.WORKAROUND else "Fix"
    parts.append((label, findings.fix))
    if findings.doc_change != DocChange.NONE:
        parts.append((DocChange(findings.doc_change).label, findings.doc_note))
    parts.append(("For the customer", findings.customer_summary))
    return "\n\n".join(f"**{title}:** {text}" for title, text in parts if text)


def _event(actor, existed: bool, was_workaround: bool, findings: TicketFindings) -> str:
    who = actor.get_username()
    if was_workaround and not findings.workaround_active:
        return f"{who} recorded the permanent fix: the temporary workaround is no longer needed."
    if findings.workaround_active and not was_workaround:
        return f"{who} recorded a temporary workaround: the permanent fix is pending."
    return f"{who} changed the findings." if existed else f"{who} recorded the findings."


def _write(ticket: Ticket, *, actor, findings: Findings, at: datetime) -> TicketFindings:
    """Create or change the ticket's findings, their search text and timeline line, and tell
    the other apps. The caller holds the ticket's row lock in its transaction."""
    row = TicketFindings.objects.filter(ticket=ticket).first()
    existed, was_workaround = row is not None, row is not None and row.workaround_active
    if row is None:
        row = TicketFindings(ticket=ticket, recorded_at=at)
    for name, value in vars(findings).items():
        setattr(row, name, value)
    workaround = findings.outcome == Outcome.WORKAROUND
    row.workaround_since = (row.workaround_since or at) if workaround else None
    row.workaround_active = workaround
    row.author, row.updated_at = actor, at
    body = search_text(findings)
    if row.message_id is not None:
        Message.objects.filter(pk=row.message_id).update(body=body)
    else:
        row.message = Message.objects.create(
            ticket=ticket, kind=MessageKind.FINDINGS, body=body, author=actor, created_at=at
        )
    row.save()
    record_event(ticket, _event(actor, existed, was_workaround, row), actor=actor, at=at)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=at)
    signals.findings_recorded.send(
        sender=TicketFindings, ticket=ticket, findings=row, actor=actor, at=at
    )
    return row


def record_findings(ticket: Ticket, *, actor, findings: Findings) -> TicketFindings:
    """Record the ticket's findings, or change them (one row per ticket: the newest author and
    time). A workaround marks the ticket "workaround in place, permanent fix pending" until a
    fix is recorded."""
    _check(actor, ticket, findings)
    at = timezone.now()
    with transaction.atomic():
        locked = _lock(ticket.pk)
        return _write(locked, actor=actor, findings=findings, at=at)


def resolve_with_findings(
    ticket: Ticket,
    *,
    actor,
    findings: Findings,
    send_summary: bool = False,
    expected_status: str | None = None,
    comment: str = "",
) -> Ticket:
    """Record the findings, send their customer summary as a public reply when asked (emailed
    as any reply is), and resolve the ticket: all in one transaction, so a refusal of any step
    (permission, a ticket that moved since ``expected_status``, a missing field) leaves nothing
    written."""
    _check(actor, ticket, findings, resolving=True, send_summary=send_summary)
    at = timezone.now()
    with transaction.atomic():
        locked = _lock(ticket.pk)
        _write(locked, actor=actor, findings=findings, at=at)
        if send_summary:
            reply(locked, actor=actor, body=findings.customer_summary)
        return transition(
            locked, actor=actor, name="resolve", comment=comment, expected_status=expected_status
        )
