"""Reads of first-response clocks: the badge's nearest deadline, the ticket page's panel, and
the dashboard's rows per category."""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from tickets.states import Category

from ..business_time import compiled, standard_day_minutes
from ..models import FirstAssignmentTarget, FirstResponseClock, SlaClock
from ..policies import Deadline, business_span, first_response_deadline, nearest, tier_deadline
from ..states import ClockState, Colour

PERIODS = (7, 30)


def queue_row_first_response() -> Prefetch:
    """The first-response clock a queue row's badge reads, with its calendar: registered with
    ``tickets.hooks`` beside ``queue_row_clocks`` (one query for a page of rows)."""
    return Prefetch(
        "first_response_clocks",
        queryset=FirstResponseClock.objects.select_related("calendar"),
        to_attr="first_response_clock_list",
    )


def first_response_clock(ticket) -> FirstResponseClock | None:
    """The ticket's first-response clock, from ``ticket.first_response_clock_list`` when
    prefetched (``queue_row_first_response``), else one query."""
    clocks = getattr(ticket, "first_response_clock_list", None)
    if clocks is None:
        clocks = list(ticket.first_response_clocks.select_related("calendar"))
        ticket.first_response_clock_list = clocks
    return clocks[0] if clocks else None


def deadlines(ticket, tier_clock: SlaClock | None, now: datetime) -> list[Deadline]:
    """The deadlines of the ticket's current tier clock and of its first-response clock."""
    found = []
    if tier_clock is not None:
        found.append(tier_deadline(tier_clock, ticket.tier.name, now))
    clock = first_response_clock(ticket)
    if clock is not None:
        found.append(first_response_deadline(clock, now))
    return found


def badge_deadline(ticket, tier_clock: SlaClock | None, now: datetime) -> Deadline | None:
    """What the SLA badge says: the nearest deadline among the running clocks."""
    return nearest(deadlines(ticket, tier_clock, now))


@dataclass
class CategoryRow:
    category: str
    name: str
    target: str
    green: int = 0
    yellow: int = 0
    red: int = 0
    breaches: int = 0
    median_hours: dict[int, float | None] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "name": self.name,
            "target": self.target,
            "green": self.green,
            "yellow": self.yellow,
            "red": self.red,
            "breaches_30d": self.breaches,
            "median_business_hours": {f"{d}d": v for d, v in self.median_hours.items()},
        }


def calendar_day_minutes(calendar) -> int:
    """The calendar's business day in minutes, from its compiled form (kept between calls,
    so no query once compiled)."""
    return standard_day_minutes(compiled(calendar).spec)


def category_label(category: str) -> str:
    try:
        return str(Category(category).label)
    except ValueError:
        return category.replace("_", " ").capitalize()


# (category or tier id, days) → median business hours, under "category" and "tier"
ResponseMedians = dict[str, dict[tuple[Any, int], float]]


def response_medians(now: datetime) -> ResponseMedians:
    """Median business hours to the first response, per category and per the ticket's tier,
    of the tickets created in the last 7 / 30 days: the business minutes were stored on each
    clock when it stopped, so one range scan and no calendar arithmetic."""
    since = {days: now - timedelta(days=days) for days in PERIODS}
    spans: dict[str, dict[tuple[Any, int], list[int]]] = {"category": {}, "tier": {}}
    answered = FirstResponseClock.objects.filter(
        started_at__gte=since[30], response_minutes__isnull=False
    ).values_list("category", "ticket__tier_id", "started_at", "response_minutes")
    for category, tier_id, started, minutes in answered:
        for days in PERIODS:
            if started >= since[days]:
                spans["category"].setdefault((category, days), []).append(minutes or 0)
                spans["tier"].setdefault((tier_id, days), []).append(minutes or 0)
    return {
        kind: {key: round(statistics.median(values) / 60, 1) for key, values in found.items()}
        for kind, found in spans.items()
    }


def category_rows(
    now: datetime | None = None, medians: ResponseMedians | None = None
) -> list[CategoryRow]:
    """Per category with a target: running clocks by colour, breaches in the last 30 days,
    and the median business hours to the first response (``response_medians``)."""
    now = now or timezone.now()
    medians = medians if medians is not None else response_medians(now)
    since = {days: now - timedelta(days=days) for days in PERIODS}
    counts = {
        row["category"]: row
        for row in FirstResponseClock.objects.order_by()
        .values("category")
        .annotate(
            green=Count("id", filter=Q(state=ClockState.RUNNING, colour=Colour.GREEN)),
            yellow=Count("id", filter=Q(state=ClockState.RUNNING, colour=Colour.YELLOW)),
            red=Count("id", filter=Q(state=ClockState.RUNNING, colour=Colour.RED)),
            breaches=Count("id", filter=Q(breached_at__gte=since[30])),
        )
    }
    rows = []
    day_minutes: dict[int, int] = {}
    for target in FirstAssignmentTarget.objects.select_related("calendar"):
        if target.calendar_id not in day_minutes:
            day_minutes[target.calendar_id] = calendar_day_minutes(target.calendar)
        counted: Mapping[str, Any] = counts.get(target.category, {})
        rows.append(
            CategoryRow(
                category=target.category,
                name=category_label(target.category),
                target=business_span(target.minutes, day_minutes[target.calendar_id]),
                green=counted.get("green", 0),
                yellow=counted.get("yellow", 0),
                red=counted.get("red", 0),
                breaches=counted.get("breaches", 0),
                median_hours={d: medians["category"].get((target.category, d)) for d in PERIODS},
            )
        )
    return rows
