"""Median hours per tier for the leads' tier table: to the first response and to resolution,
of the tickets opened in the last 7 and 30 days.

Resolution is measured twice: wall-clock hours from creation (the API's
``resolution_median_hours``, as before), and business hours the ticket's SLA clocks ran, the
sum of ``SlaClock.elapsed_minutes`` over its tiers (banked when each clock paused or stopped,
so pauses in Pending, Waiting on Customer and On Hold do not count and no calendar arithmetic
runs here). The dashboard prints the business figure beside the first response's, so the whole
table speaks business hours.

One statement: a range scan of the ``created_at`` index with a correlated sum of the ticket's
clocks, grouped by tier with ``percentile_cont`` on PostgreSQL, in Python on SQLite.
"""

import statistics
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tickets.models import Ticket

from ..models import SlaClock

PERIODS = (7, 30)
KINDS = ("first", "resolved", "resolved_business")

# (kind, days) → tier id → median hours
Medians = dict[tuple[str, int], dict[int, float]]


def _clock_minutes() -> Subquery:
    """The business minutes all of a ticket's SLA clocks ran (0 without a clock)."""
    total = (
        SlaClock.objects.filter(ticket_id=OuterRef("pk"))
        .order_by()
        .values("ticket_id")
        .annotate(minutes=Sum("elapsed_minutes"))
        .values("minutes")[:1]
    )
    return Subquery(total, output_field=IntegerField())


def tier_medians(now: datetime) -> Medians:
    since = {days: now - timedelta(days=days) for days in PERIODS}
    result: Medians = {(kind, days): {} for kind in KINDS for days in PERIODS}
    recent = (
        Ticket.objects.filter(created_at__gte=since[30])
        .order_by()
        .annotate(clock_minutes=Coalesce(_clock_minutes(), Value(0)))
        .values_list("tier_id", "created_at", "first_response_at", "resolved_at", "clock_minutes")
    )
    if connection.vendor == "postgresql":
        parts, params = [], []
        spans = (
            (
                "first",
                "EXTRACT(EPOCH FROM (first_response_at - created_at)) / 3600.0",
                "first_response_at",
            ),
            ("resolved", "EXTRACT(EPOCH FROM (resolved_at - created_at)) / 3600.0", "resolved_at"),
            ("resolved_business", "clock_minutes / 60.0", "resolved_at"),
        )
        keys = []
        for kind, value, reached in spans:
            for days in PERIODS:
                parts.append(
                    f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {value}) "
                    f"FILTER (WHERE {reached} IS NOT NULL AND created_at >= %s)"
                )
                params.append(since[days])
                keys.append((kind, days))
        # The tickets of the last 30 days as the ORM selects them (PostgreSQL inlines it).
        inner, inner_params = recent.query.sql_with_params()
        sql = f"SELECT tier_id, {', '.join(parts)} FROM ({inner}) AS recent GROUP BY tier_id"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *inner_params])
            for tier_id, *values in cursor.fetchall():
                for key, found in zip(keys, values, strict=True):
                    if found is not None:
                        result[key][tier_id] = round(float(found), 1)
        return result
    lists: dict[tuple[str, int], dict[int, list[float]]] = {key: {} for key in result}
    for tier_id, created, first, resolved, minutes in recent:
        values = (
            ("first", first, first and (first - created).total_seconds() / 3600),
            ("resolved", resolved, resolved and (resolved - created).total_seconds() / 3600),
            ("resolved_business", resolved, minutes / 60),
        )
        for kind, reached, hours in values:
            for days in PERIODS:
                if reached is not None and created >= since[days]:
                    lists[(kind, days)].setdefault(tier_id, []).append(hours)
    return {
        key: {tier: round(statistics.median(v), 1) for tier, v in by_tier.items()}
        for key, by_tier in lists.items()
    }
