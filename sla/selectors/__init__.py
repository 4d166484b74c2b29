"""Reads of the SLA app: a ticket's standing, the leads' dashboard and its API."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from tickets.models import Ticket, Tier
from tickets.states import ACTIVE_STATUSES

from ..models import ClockEvent, DashboardSnapshot, FirstResponseClock, SlaClock, SlaPolicy
from ..policies import ClockStanding, standing
from ..states import ClockEventKind, ClockState, Colour
from .first_response import (
    ResponseMedians,
    badge_deadline,
    calendar_day_minutes,
    category_label,
    category_rows,
    deadlines,
    first_response_clock,
    queue_row_first_response,
    response_medians,
)
from .medians import tier_medians

RED_LIST_LIMIT = 50

__all__ = [
    "badge_deadline",
    "calendar_day_minutes",
    "category_label",
    "category_rows",
    "deadlines",
    "first_response_clock",
    "queue_row_first_response",
    "response_medians",
]


def queue_row_clocks() -> Prefetch:
    """The clocks a desk queue row's SLA badge reads, with their policy and calendar: registered
    with ``tickets.hooks`` in ``SlaConfig.ready``, so a page of rows costs one query for them."""
    return Prefetch(
        "sla_clocks",
        queryset=SlaClock.objects.select_related("policy__calendar"),
        to_attr="sla_clock_list",
    )


# The "SLA due" of a ticket whose running clock is already Red: before every real instant.
OVERDUE = datetime(1970, 1, 1, tzinfo=UTC)


def order_by_sla_due(tickets: QuerySet[Any], descending: bool) -> QuerySet[Any]:
    """The desk queue's "SLA due" order (registered with ``tickets.hooks`` in
    ``SlaConfig.ready``): by the next instant the ticket's current clock changes colour (its
    ``yellow_at`` while Green, its ``red_at`` while Yellow), a running Red clock before every
    such instant (overdue), and tickets without a running clock (paused, stopped, none) last in
    both directions; ties top priority first, then oldest. A running first-response clock
    counts too, by its due instant (overdue once Red), so the order follows the badge's
    nearest deadline. Two subqueries in the page's statement, through the clocks' unique
    indexes."""
    clock = SlaClock.objects.filter(
        ticket_id=OuterRef("pk"), tier_id=OuterRef("tier_id"), state=ClockState.RUNNING
    ).annotate(
        due=Case(
            When(colour=Colour.RED, then=Value(OVERDUE)),
            default=Coalesce("yellow_at", "red_at"),
            output_field=DateTimeField(),
        )
    )
    due = Subquery(clock.values("due")[:1], output_field=DateTimeField())
    first = FirstResponseClock.objects.filter(
        ticket_id=OuterRef("pk"), state=ClockState.RUNNING
    ).annotate(
        due=Case(
            When(colour=Colour.RED, then=Value(OVERDUE)),
            default=F("due_at"),
            output_field=DateTimeField(),
        )
    )
    first_due = Subquery(first.values("due")[:1], output_field=DateTimeField())
    key = F("sla_due").desc(nulls_last=True) if descending else F("sla_due").asc(nulls_last=True)
    # The earlier of the two, either alone when the other is NULL (LEAST differs on NULL
    # between PostgreSQL and SQLite; the Coalesces make it the same).
    nearest_due = Least(Coalesce("tier_due", "first_due"), Coalesce("first_due", "tier_due"))
    return (
        tickets.alias(tier_due=due, first_due=first_due)
        .alias(sla_due=nearest_due)
        .order_by(key, "priority_order", "created_at", "id")
    )


def current_clock(ticket) -> SlaClock | None:
    """The clock of the ticket's current tier, from ``ticket.sla_clocks`` (prefetch it), or from
    ``ticket.sla_clock_list`` (``Prefetch("sla_clocks", to_attr="sla_clock_list")``)."""
    clocks = getattr(ticket, "sla_clock_list", None)
    for clock in ticket.sla_clocks.all() if clocks is None else clocks:
        if clock.tier_id == ticket.tier_id:
            return clock
    return None


def ticket_standing(ticket, now: datetime | None = None) -> ClockStanding | None:
    clock = current_clock(ticket)
    return standing(clock, now or timezone.now()) if clock else None


def clocks_of(ticket):
    """Every clock of a ticket with its events, for "why is this Red?"."""
    return (
        SlaClock.objects.filter(ticket=ticket)
        .select_related("tier", "policy__calendar")
        .prefetch_related("events")
        .order_by("started_at")
    )


@dataclass
class TierRow:
    tier: Tier
    green: int = 0
    yellow: int = 0
    red: int = 0
    target_percent: int = 80
    first_response_hours: dict[int, float | None] = field(default_factory=dict)
    first_response_business_hours: dict[int, float | None] = field(default_factory=dict)
    resolution_hours: dict[int, float | None] = field(default_factory=dict)
    resolution_business_hours: dict[int, float | None] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red

    @property
    def green_percent(self) -> int | None:
        return round(100 * self.green / self.total) if self.total else None

    @property
    def below_target(self) -> bool:
        percent = self.green_percent  # None exactly when there are no clocks
        return percent is not None and percent < self.target_percent

    def as_dict(self) -> dict:
        return {
            "tier": self.tier.slug,
            "name": self.tier.name,
            "green": self.green,
            "yellow": self.yellow,
            "red": self.red,
            "green_percent": self.green_percent,
            "green_target_percent": self.target_percent,
            "below_target": self.below_target,
            "first_response_median_hours": {
                f"{d}d": v for d, v in self.first_response_hours.items()
            },
            "first_response_median_business_hours": {
                f"{d}d": v for d, v in self.first_response_business_hours.items()
            },
            "resolution_median_hours": {f"{d}d": v for d, v in self.resolution_hours.items()},
            "resolution_median_business_hours": {
                f"{d}d": v for d, v in self.resolution_business_hours.items()
            },
        }


def tier_rows(
    now: datetime | None = None, first_medians: ResponseMedians | None = None
) -> list[TierRow]:
    """Per tier: open clocks by colour, Green share against target, medians for 7 and 30 days
    (wall-clock hours, and business hours to the first response from first-response clocks)."""
    now = now or timezone.now()
    first_medians = first_medians if first_medians is not None else response_medians(now)
    counts = (
        SlaClock.objects.exclude(state=ClockState.STOPPED)
        .values("tier_id")
        .annotate(
            green=Count("id", filter=Q(colour=Colour.GREEN)),
            yellow=Count("id", filter=Q(colour=Colour.YELLOW)),
            red=Count("id", filter=Q(colour=Colour.RED)),
        )
    )
    by_tier: dict[int, Mapping[str, Any]] = {row["tier_id"]: row for row in counts}
    targets = dict(SlaPolicy.objects.values_list("tier_id", "green_target_percent"))
    medians = tier_medians(now)
    rows = []
    for tier in Tier.objects.order_by("level"):
        counted = by_tier.get(tier.pk, {})
        rows.append(
            TierRow(
                tier=tier,
                green=counted.get("green", 0),
                yellow=counted.get("yellow", 0),
                red=counted.get("red", 0),
                target_percent=targets.get(tier.pk, 80),
                first_response_hours={d: medians[("first", d)].get(tier.pk) for d in (7, 30)},
                first_response_business_hours={
                    d: first_medians["tier"].get((tier.pk, d)) for d in (7, 30)
                },
                resolution_hours={d: medians[("resolved", d)].get(tier.pk) for d in (7, 30)},
                resolution_business_hours={
                    d: medians[("resolved_business", d)].get(tier.pk) for d in (7, 30)
                },
            )
        )
    return rows


def red_list(limit: int = RED_LIST_LIMIT):
    """Red tickets still open in their tier, the oldest first."""
    return (
        SlaClock.objects.filter(colour=Colour.RED)
        .exclude(state=ClockState.STOPPED)
        .filter(tier_id=F("ticket__tier_id"))
        .select_related("ticket__organization", "ticket__assignee", "tier", "policy__calendar")
        .order_by("started_at", "pk")[:limit]
    )


def breaches_per_day(days: int = 30, now: datetime | None = None) -> list[tuple[str, int]]:
    """How many clocks turned Red on each of the last ``days`` days (zeros included)."""
    now = now or timezone.now()
    start = (now - timedelta(days=days - 1)).date()
    counted = dict(
        ClockEvent.objects.filter(kind=ClockEventKind.RED, at__date__gte=start)
        .annotate(day=TruncDate("at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [
        ((start + timedelta(days=i)).isoformat(), counted.get(start + timedelta(days=i), 0))
        for i in range(days)
    ]


def agent_load() -> list[tuple[str, int]]:
    """Open tickets per assigned agent, the busiest first."""
    counts = (
        Ticket.objects.filter(status__in=ACTIVE_STATUSES, assignee__isnull=False)
        .values_list("assignee_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    loads = dict(counts)
    names = dict(get_user_model().objects.filter(pk__in=loads).values_list("pk", "username"))
    return sorted(((names[pk], n) for pk, n in loads.items()), key=lambda row: (-row[1], row[0]))


def alerts(rows: list[TierRow]) -> list[str]:
    """Seed 003's rule: say so when a tier's Green share falls under its target."""
    return [
        f"{row.tier.name} is not meeting Green: {row.green_percent}% of its open tickets are "
        f"Green (target {row.target_percent}%)."
        for row in rows
        if row.below_target
    ]


def summary(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    first_medians = response_medians(now)
    rows = tier_rows(now, first_medians)
    return {
        "generated_at": now.isoformat(),
        "tiers": [row.as_dict() for row in rows],
        "alerts": alerts(rows),
        "first_response": [row.as_dict() for row in category_rows(now, first_medians)],
        "red": [
            {
                "ticket": clock.ticket_id,
                "subject": clock.ticket.subject,
                "tier": clock.tier.slug,
                "tier_name": clock.tier.name,
                "organization": clock.ticket.organization.name,
                "assignee": clock.ticket.assignee.username if clock.ticket.assignee else None,
                "started_at": clock.started_at.isoformat(),
                "standing": standing(clock, now).text,
            }
            for clock in red_list()
        ],
        "breaches_per_day": [{"day": d, "red": n} for d, n in breaches_per_day(30, now)],
        "agent_load": [{"agent": name, "open": n} for name, n in agent_load()],
    }


def chart_bars(series: list[tuple[str, int]], width: int = 600, height: int = 120) -> dict:
    """Geometry of a bar chart drawn as inline SVG (no chart library, no CDN)."""
    peak = max((n for _, n in series), default=0) or 1
    step = width / max(len(series), 1)
    bars = [
        {
            "x": round(i * step + 1, 1),
            "width": round(max(step - 2, 1), 1),
            "height": round(height * n / peak, 1),
            "y": round(height - height * n / peak, 1),
            "day": day,
            "count": n,
        }
        for i, (day, n) in enumerate(series)
    ]
    return {"bars": bars, "width": width, "height": height, "peak": peak,
            "total": sum(Counter(dict(series)).values())}  # fmt: skip


SNAPSHOT_MAX_AGE = timedelta(minutes=2)


def dashboard_figures(now: datetime | None = None) -> dict:
    """The figures the last colour sweep computed, or fresh ones when that snapshot is older
    than two minutes (beat not running, or a test)."""
    now = now or timezone.now()
    snapshot = DashboardSnapshot.objects.filter(computed_at__gte=now - SNAPSHOT_MAX_AGE).first()
    return snapshot.data if snapshot else summary(now)
