"""Changing of the Guard: the weekly on-call hand-over (seed 003).

Reads for the week's page (known issues opened, changed or resolved; tickets escalated to
On-Call; who was on call) and the writes of the on-call log (add an entry, mark it done).
An open log entry is carried forward week after week until someone marks it done.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from escalation.models import Escalation, OnCallAlert, OnCallShift
from escalation.selectors import iso_week, monday_of, monday_of_iso_week, week_bounds
from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tickets.models import Ticket

from .models import KnownIssue, OnCallLogEntry
from .states import IssueStatus, LogKind

TEXT_MAX_CHARS = 4000


def may_use_guard(user) -> bool:
    """The hand-over page and the on-call log are the desk's: agents, leads, admins."""
    return roles.is_agent(user)


# --- weeks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    monday: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return week_bounds(self.monday)

    @property
    def start(self) -> datetime:
        return self.bounds[0]

    @property
    def end(self) -> datetime:
        return self.bounds[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def iso(self) -> str:
        return iso_week(self.monday)

    @property
    def previous(self) -> "Week":
        return Week(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week(self.monday + timedelta(days=7))

    @property
    def is_current(self) -> bool:
        return self.monday == monday_of(timezone.localdate())

    @property
    def is_future(self) -> bool:
        return self.monday > monday_of(timezone.localdate())


def week_of(value: str | None = None) -> Week:
    """``2026-W13`` (an <input type=week>) → that ISO week; anything else → the current week."""
    return Week(monday_of_iso_week(value))


# --- the week's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekIssues:
    opened: list[KnownIssue]
    changed: list[KnownIssue]
    resolved: list[KnownIssue]

    def __len__(self) -> int:
        return len(self.opened) + len(self.changed) + len(self.resolved)


def known_issues_of_week(week: Week) -> WeekIssues:
    """Known issues opened, resolved, or otherwise changed during the week, one query. An issue
    opened and resolved the same week is listed once, under resolved."""
    start, end = week.start, week.end
    rows = list(
        KnownIssue.objects.filter(
            Q(created_at__gte=start, created_at__lt=end)
            | Q(updated_at__gte=start, updated_at__lt=end)
            | Q(resolved_at__gte=start, resolved_at__lt=end)
        )
        .select_related("created_by")
        .annotate(ticket_count=Count("links"))
        .order_by("created_at", "id")
    )

    def inside(instant):
        return instant is not None and start <= instant < end

    resolved = [i for i in rows if i.status == IssueStatus.RESOLVED and inside(i.resolved_at)]
    opened = [i for i in rows if i not in resolved and inside(i.created_at)]
    changed = [i for i in rows if i not in resolved and i not in opened]
    return WeekIssues(opened=opened, changed=changed, resolved=resolved)


def on_call_escalations(week: Week) -> QuerySet[Escalation]:
    """Tickets escalated to the On-Call tier during the week, oldest first, with whether and by
    whom the on-call alert was acknowledged. One query."""
    alert = OnCallAlert.objects.filter(escalation=OuterRef("pk")).order_by("-raised_at", "-id")
    return (
        Escalation.objects.filter(
            to_tier__rules__is_on_call=True, at__gte=week.start, at__lt=week.end
        )
        .select_related("ticket", "ticket__organization", "ticket__tier", "from_tier", "actor")
        .annotate(
            alert_state=Subquery(alert.values("state")[:1]),
            acknowledged_at=Subquery(alert.values("acknowledged_at")[:1]),
            acknowledged_by_name=Subquery(alert.values("acknowledged_by__username")[:1]),
        )
        .order_by("at", "id")
    )


def on_call_shifts(week: Week) -> QuerySet[OnCallShift]:
    """Who was on call during the week (shifts overlapping it)."""
    return (
        OnCallShift.objects.filter(starts_at__lt=week.end, ends_at__gt=week.start)
        .select_related("agent")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class WeekLog:
    carried: list[OnCallLogEntry]
    this_week: list[OnCallLogEntry]

    @property
    def open_count(self) -> int:
        return sum(1 for entry in [*self.carried, *self.this_week] if entry.done_at is None)


def log_of_week(week: Week) -> WeekLog:
    """The week's on-call log: entries written that week, and entries from earlier weeks that
    were still open when it began (carried forward). One query."""
    start, end = week.start, week.end
    entries = list(
        OnCallLogEntry.objects.filter(created_at__lt=end)
        .filter(Q(created_at__gte=start) | Q(done_at__isnull=True) | Q(done_at__gte=start))
        .select_related("author", "done_by", "ticket")
        .order_by("created_at", "id")
    )
    return WeekLog(
        carried=[e for e in entries if e.created_at < start],
        this_week=[e for e in entries if e.created_at >= start],
    )


def get_entry(pk: int) -> OnCallLogEntry:
    try:
        return OnCallLogEntry.objects.get(pk=pk)
    except OnCallLogEntry.DoesNotExist:
        raise NotFound(f"On-call log entry {pk} was not found.") from None


# --- the on-call log --------------------------------------------------------------------------


def _require_guard(actor, what: str) -> None:
    if not may_use_guard(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def add_log_entry(
    *,
    actor,
    kind: str,
    text: str,
    ticket_number: int | None = None,
    at: datetime | None = None,
) -> OnCallLogEntry:
    """Record a hotfix, a script run, an open loop or a note on the on-call log."""
    _require_guard(actor, "write on the on-call log")
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
        return OnCallLogEntry.objects.create(
            kind=kind, text=text, ticket=ticket, author=actor, created_at=at or timezone.now()
        )


def mark_done(entry: OnCallLogEntry | int, *, actor, at: datetime | None = None) -> OnCallLogEntry:
    """Close a log entry: it stops being carried forward. Records who and when."""
    _require_guard(actor, "close on-call log entries")
    pk = entry.pk if isinstance(entry, OnCallLogEntry) else entry
    with transaction.atomic():
        try:
            entry = OnCallLogEntry.objects.select_for_update().get(pk=pk)
        except OnCallLogEntry.DoesNotExist:
            raise NotFound(f"On-call log entry {pk} was not found.") from None
        if entry.done_at is not None:
            raise Conflict(
                f"This entry was already marked done by {entry.done_by.get_username()}.",
                done_at=entry.done_at.isoformat(),
            )
        entry.done_at = at or timezone.now()
        entry.done_by = actor
        entry.save(update_fields=["done_at", "done_by"])
    return entry
