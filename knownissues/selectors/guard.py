"""Reads of Changing of the Guard, the weekly on-call hand-over (seed 003): known issues
opened, changed or resolved during a week; tickets escalated to On-Call; who was on call; the
week's on-call log, with the open entries of earlier weeks carried forward. The log's writes are
``services.guard_log``.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from escalation.models import Escalation, OnCallAlert, OnCallShift
from helpdesk.core.errors import NotFound
from helpdesk.core.weeks import Week

from ..models import KnownIssue, OnCallLogEntry
from ..states import IssueStatus

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Linked(TypedDict):
        ticket_count: int

    # A known issue as ``known_issues_of_week`` reads it: with its number of linked tickets.
    LinkedIssue = WithAnnotations[KnownIssue, _Linked]

# --- the week's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekIssues:
    opened: "list[LinkedIssue]"
    changed: "list[LinkedIssue]"
    resolved: "list[LinkedIssue]"

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
        .select_related("author", "done_by", "ticket", "assignee", "assigned_by")
        .order_by("created_at", "id")
    )
    return WeekLog(
        carried=[e for e in entries if e.created_at < start],
        this_week=[e for e in entries if e.created_at >= start],
    )


def get_log_entry(pk: int) -> OnCallLogEntry:
    try:
        return OnCallLogEntry.objects.get(pk=pk)
    except OnCallLogEntry.DoesNotExist:
        raise NotFound(f"On-call log entry {pk} was not found.") from None
