"""Reads with more than one caller: panels, the agent's list, reports, the API.

Every list here costs a fixed number of queries however many rows it returns (joins by
``select_related``, totals by one aggregate), so the pages' query counts stay flat.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from tickets.models import Organization

from .. import policies
from ..models import FollowUp, RunningTimer, SupportPack, TechnicalCall, TimeEntry
from ..states import Activity, CallStatus

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ZERO = Value(0, output_field=IntegerField())
GROUPS = {
    "organization": "Organization",
    "agent": "Agent",
    "activity": "Activity",
    "week": "Week",
}
INTERNAL = "Internal (no ticket)"


def today() -> date:
    return timezone.localdate()


# --- entries ---------------------------------------------------------------------------------


def entries_visible_to(user) -> QuerySet[TimeEntry]:
    """Time entries are internal: agents see them all, nobody else any."""
    qs = TimeEntry.objects.select_related("agent", "ticket", "task", "support_pack")
    return qs if policies.can_view_entries(user) else qs.none()


def minutes_logged_on_task(task) -> int:
    """The task rules ask this (``engineering.hooks``)."""
    return TimeEntry.objects.filter(task=task).aggregate(n=Coalesce(Sum("minutes"), ZERO))["n"]


def _totals(qs) -> dict[str, int]:
    return qs.aggregate(
        total=Coalesce(Sum("minutes"), ZERO),
        billable=Coalesce(Sum("minutes", filter=Q(billable=True)), ZERO),
        entries=Count("id"),
    )


def ticket_totals(ticket) -> dict[str, int]:
    """Minutes on a ticket, its tasks included (a task's entry names its ticket)."""
    return _totals(TimeEntry.objects.filter(ticket=ticket))


def customer_ticket_totals(ticket) -> dict[str, int]:
    """What the customer sees: work on the ticket and its tasks. Self-learning is the agent's
    own internal bucket, not work for the customer, so it is left out."""
    return _totals(TimeEntry.objects.filter(ticket=ticket).exclude(activity=Activity.SELF_LEARNING))


def task_totals(task) -> dict[str, int]:
    return _totals(TimeEntry.objects.filter(task=task))


def running_timer(user) -> RunningTimer | None:
    return RunningTimer.objects.select_related("ticket", "task").filter(agent=user).first()


def header_timer(user) -> RunningTimer | None:
    """The agent's running timer for the desk header, on every desk page: one query on the
    agent's unique index, no join (the ticket's number is its id)."""
    return (
        RunningTimer.objects.filter(agent_id=user.pk)
        .only("ticket_id", "task_id", "activity", "started_at")
        .order_by()
        .first()
    )


def week_entries(user, start: date) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(agent=user, date__gte=start, date__lt=start + timedelta(days=7))
        .select_related("ticket", "task", "support_pack")
        .order_by("date", "id")
    )


def open_follow_ups(user) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(agent=user, done_at__isnull=True)
        .select_related("ticket", "call")
        .order_by("due_on", "id")
    )


def scheduled_calls(user) -> QuerySet[TechnicalCall]:
    return (
        TechnicalCall.objects.filter(agent=user, status=CallStatus.SCHEDULED)
        .select_related("ticket", "task")
        .order_by("scheduled_at", "id")
    )


def calls_of_ticket(ticket) -> QuerySet[TechnicalCall]:
    return (
        TechnicalCall.objects.filter(ticket=ticket)
        .exclude(status=CallStatus.CANCELED)
        .select_related("agent")
        .order_by("scheduled_at", "id")
    )


# --- support packs ---------------------------------------------------------------------------


class _Usage(TypedDict):
    """What ``packs_with_usage`` annotates each pack with."""

    used_minutes: int


def packs_with_usage(
    qs: QuerySet[SupportPack] | None = None,
) -> "QuerySet[WithAnnotations[SupportPack, _Usage]]":
    """Packs with ``used_minutes`` (billable minutes drawn from them)."""
    qs = SupportPack.objects.all() if qs is None else qs
    return qs.select_related("organization", "consultant").annotate(
        used_minutes=Coalesce(Sum("time_entries__minutes"), ZERO)
    )


def valid_packs(organization_id: int, on: date) -> QuerySet[SupportPack]:
    """Packs valid on a day, the one expiring first first (it is drawn down first)."""
    return SupportPack.objects.filter(
        organization_id=organization_id, valid_from__lte=on, valid_until__gte=on
    ).order_by("valid_until", "valid_from", "id")


def used_minutes(pack_ids) -> dict[int, int]:
    rows = (
        TimeEntry.objects.filter(support_pack_id__in=list(pack_ids))
        .values("support_pack_id")
        .annotate(n=Sum("minutes"))
    )
    return {row["support_pack_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class PackUsage:
    pack: SupportPack
    used_minutes: int

    @property
    def total_minutes(self) -> int:
        return int(self.pack.hours * 60)

    @property
    def left_minutes(self) -> int:
        return self.total_minutes - self.used_minutes

    @property
    def percent(self) -> int:
        return int(Decimal(self.used_minutes * 100) / Decimal(self.total_minutes))

    @property
    def overdrawn_minutes(self) -> int:
        return max(self.used_minutes - self.total_minutes, 0)

    @property
    def overdrawn(self) -> bool:
        return self.used_minutes > self.total_minutes

    @property
    def level(self) -> str:
        if self.percent >= 100:
            return "danger"
        if self.percent >= settings.HELPDESK_PACK_WARNING_PERCENT:
            return "warning"
        return "success"


def pack_usages(qs: QuerySet[SupportPack]) -> list[PackUsage]:
    return [PackUsage(pack, pack.used_minutes) for pack in packs_with_usage(qs)]


def current_packs(organization_id: int, on: date | None = None) -> list[PackUsage]:
    return pack_usages(valid_packs(organization_id, on or today()))


# --- reports ---------------------------------------------------------------------------------


@dataclass
class Report:
    group_by: str
    rows: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    weeks: list[dict] = field(default_factory=list)
    packs: list[PackUsage] = field(default_factory=list)


def report_entries(
    *, date_from: date, date_to: date, organization: Organization | None = None
) -> QuerySet[TimeEntry]:
    qs = TimeEntry.objects.filter(date__gte=date_from, date__lte=date_to)
    if organization is not None:
        qs = qs.filter(ticket__organization=organization)
    return qs


# Aggregate aliases must not shadow model fields ("billable" is one), hence the prefix.
_SUMS = {
    "sum_billable": Coalesce(Sum("minutes", filter=Q(billable=True)), ZERO),
    "sum_non_billable": Coalesce(Sum("minutes", filter=Q(billable=False)), ZERO),
    "sum_total": Coalesce(Sum("minutes"), ZERO),
    "sum_entries": Count("id"),
}


def _sums(row: Mapping[str, Any]) -> dict:
    return {key.removeprefix("sum_"): row[key] for key in _SUMS}


_KEYS = {
    "organization": "ticket__organization__name",
    "agent": "agent__username",
    "activity": "activity",
}


def report(
    *,
    date_from: date,
    date_to: date,
    organization: Organization | None = None,
    group_by: str = "organization",
) -> Report:
    """Hours by organization, agent, activity or week; the weekly chart; the packs in range.
    Three queries whatever the number of entries (two when grouped by week)."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    qs = report_entries(date_from=date_from, date_to=date_to, organization=organization)
    result = Report(group_by=group_by)
    weekly = [
        {"week": row["week"], **_sums(row)}
        for row in qs.annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(**_SUMS)
        .order_by("week")
    ]
    result.weeks = weekly
    if group_by == "week":
        rows = [{"label": f"Week of {row['week']:%d %b %Y}", **row} for row in weekly]
    else:
        key = _KEYS[group_by]
        labels = dict(Activity.choices)
        rows = []
        for row in qs.values(key).annotate(**_SUMS).order_by(key):
            value = row[key]
            label = labels.get(value, value) if group_by == "activity" else value
            rows.append({"label": label or INTERNAL, **_sums(row)})
        rows.sort(key=lambda row: (-row["total"], str(row["label"])))
    result.rows = rows
    # Every entry falls in exactly one week: the weekly sums add up to the totals.
    result.totals = {
        key: sum(week[key] for week in weekly)
        for key in ("billable", "non_billable", "total", "entries")
    }
    packs = SupportPack.objects.filter(valid_from__lte=date_to, valid_until__gte=date_from)
    if organization is not None:
        packs = packs.filter(organization=organization)
    result.packs = pack_usages(packs.order_by("organization__name", "valid_until", "id"))
    return result


from .case_types import CaseType as CaseType  # noqa: E402  seed 002 and 003-03
from .case_types import case_type_metrics as case_type_metrics  # noqa: E402
