"""Writes of the on-call log of Changing of the Guard: add an entry, mark it done, assign it
out for research (seed 003-66).

An open entry is carried forward week after week until someone marks it done (the reads are
``selectors.guard``). Every log row is written by ``write_entry``: the agents' entries, and the
note a status poster leaves when taking an incident off the status page.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helpdesk.core.errors import NotFound, ValidationFailed
from helpdesk.core.links import absolute
from helpdesk.notifications import events
from tickets.models import Ticket

from .. import policies
from ..errors import LogEntryDone
from ..models import OnCallLogEntry
from ..states import LogKind
from ._common import require

TEXT_MAX_CHARS = 4000


def write_entry(
    *,
    kind: str,
    text: str,
    author,
    at: datetime,
    ticket: Ticket | None = None,
    done: bool = False,
) -> OnCallLogEntry:
    """One log row, already done by its author when ``done``. The caller checked the rest."""
    return OnCallLogEntry.objects.create(
        kind=kind,
        text=text,
        ticket=ticket,
        author=author,
        created_at=at,
        done_at=at if done else None,
        done_by=author if done else None,
    )


def add_log_entry(
    *,
    actor,
    kind: str,
    text: str,
    ticket_number: int | None = None,
    at: datetime | None = None,
) -> OnCallLogEntry:
    """Record a hotfix, a script run, an open loop or a note on the on-call log."""
    require(policies.may_use_guard(actor), "write on the on-call log")
    text = (text or "").strip()
    problems: dict[str, list[str]] = {}
    if kind not in LogKind.values:
        choices = ", ".join(label for _, label in LogKind.choices)
        problems["kind"] = [f"Choose one of: {choices}."]
    if not text:
        problems["text"] = ["Write what was done or what is still open."]
    elif len(text) > TEXT_MAX_CHARS:
        problems["text"] = [f"At most {TEXT_MAX_CHARS} characters."]
    ticket = None
    if ticket_number is not None:
        ticket = Ticket.objects.filter(pk=ticket_number).first()
        if ticket is None:
            problems["ticket"] = [f"There is no ticket #{ticket_number}."]
    if problems:
        raise ValidationFailed(
            " ".join(message for messages in problems.values() for message in messages),
            fields=problems,
        )
    with transaction.atomic():
        return write_entry(
            kind=kind, text=text, ticket=ticket, author=actor, at=at or timezone.now()
        )


def mark_log_entry_done(
    entry: OnCallLogEntry | int, *, actor, at: datetime | None = None
) -> OnCallLogEntry:
    """Close a log entry: it stops being carried forward. Records who and when."""
    require(policies.may_use_guard(actor), "close on-call log entries")
    pk = entry.pk if isinstance(entry, OnCallLogEntry) else entry
    with transaction.atomic():
        try:
            entry = OnCallLogEntry.objects.select_for_update().get(pk=pk)
        except OnCallLogEntry.DoesNotExist:
            raise NotFound(f"On-call log entry {pk} was not found.") from None
        if entry.done_at is not None:
            assert entry.done_by is not None  # set with done_at, below
            raise LogEntryDone(
                f"This entry was already marked done by {entry.done_by.get_username()}.",
                done_at=entry.done_at.isoformat(),
            )
        entry.done_at = at or timezone.now()
        entry.done_by = actor
        entry.save(update_fields=["done_at", "done_by"])
    return entry


def assign_log_entry(
    entry: OnCallLogEntry | int, *, actor, assignee, at: datetime | None = None
) -> OnCallLogEntry:
    """Assign an open log item out for research this week (seed 003-66); the assignee is told
    (a hand-over staff alert). Re-assigning moves it; an item marked done is not assigned."""
    require(policies.may_use_guard(actor), "assign on-call log entries")
    if assignee is None or not policies.may_use_guard(assignee):
        raise ValidationFailed(
            "Assign it to an agent.", fields={"assignee": ["Choose an active agent."]}
        )
    pk = entry.pk if isinstance(entry, OnCallLogEntry) else entry
    at = at or timezone.now()
    with transaction.atomic():
        try:
            entry = OnCallLogEntry.objects.select_for_update().get(pk=pk)
        except OnCallLogEntry.DoesNotExist:
            raise NotFound(f"On-call log entry {pk} was not found.") from None
        if entry.done_at is not None:
            raise LogEntryDone(
                "This entry is done: there is nothing left to assign.",
                done_at=entry.done_at.isoformat(),
            )
        if entry.assignee_id == assignee.pk:
            return entry
        entry.assignee = assignee
        entry.assigned_at = at
        entry.assigned_by = actor
        entry.save(update_fields=["assignee", "assigned_at", "assigned_by"])
        events.publish(
            events.Event(
                name=events.Name.HANDOVER,
                at=at,
                dedupe_key=f"guard-log-assigned:{entry.pk}:{assignee.pk}:{at.isoformat()}",
                title=(
                    f"On-call log: {entry.get_kind_display().lower()} assigned to you by "
                    f"{actor.get_username()}: {entry.text[:120]}"
                ),
                ticket_number=entry.ticket_id,
                url=absolute(f"{reverse('guard-week')}#log-{entry.pk}"),
                recipients=(assignee.pk,),
                actor_id=actor.pk,
                data={"log_entry": entry.pk, "reason": "guard_log_assigned"},
            )
        )
    return entry
