"""The leads' "Case types" table (seed 002, and seed 003-03's one-touch rate): per category,
tickets resolved in a period, measured in one query."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from statistics import median

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tickets.models import Message, Ticket
from tickets.states import PUBLIC_MESSAGE_KINDS, Category, MessageKind

from ..models import TimeEntry

ZERO = Value(0, output_field=IntegerField())


@dataclass(frozen=True)
class CaseType:
    """One category of the leads' "Case types" table (seed 002): tickets resolved in the
    period, the median time from opening to resolution, public messages back and forth per
    ticket (the customer's and the agents'), the time logged on those tickets, and how many
    were solved in one touch (seed 003-03, decision 0033): by exactly one public staff reply
    up to the resolution, with no customer reply after it."""

    category: str
    label: str
    resolved: int
    median_minutes: int | None
    messages_per_ticket: Decimal | None
    minutes_spent: int
    one_touch: int = 0

    @property
    def one_touch_rate(self) -> int | None:
        """Percent of the resolved tickets solved in one touch (rounded)."""
        return round(100 * self.one_touch / self.resolved) if self.resolved else None

    @property
    def minutes_per_ticket(self) -> int | None:
        return round(self.minutes_spent / self.resolved) if self.resolved else None


def case_type_metrics(since: datetime, until: datetime | None = None) -> list[CaseType]:
    """Every category (custom code beside the others), for tickets resolved in
    [``since``, ``until``): one query, a row per resolved ticket with its message count and
    minutes logged as subqueries; the medians and averages are taken here."""
    messages = (
        Message.objects.filter(ticket=OuterRef("pk"), kind__in=PUBLIC_MESSAGE_KINDS)
        .order_by()
        .values("ticket")
        .annotate(n=Count("id"))
        .values("n")
    )
    minutes = (
        TimeEntry.objects.filter(ticket=OuterRef("pk"))
        .order_by()
        .values("ticket")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    # One touch: the staff's public replies up to the resolution, and whether the customer
    # wrote again after the first of them (before the resolution).
    staff_replies = Message.objects.filter(
        ticket=OuterRef("pk"),
        kind=MessageKind.PUBLIC_REPLY,
        created_at__lte=OuterRef("resolved_at"),
    ).order_by()
    answered_back = Message.objects.filter(
        ticket=OuterRef("pk"),
        kind=MessageKind.CUSTOMER_REPLY,
        created_at__gt=OuterRef("first_staff_reply"),
        created_at__lte=OuterRef("resolved_at"),
    )
    resolved = Ticket.objects.filter(resolved_at__gte=since)
    if until is not None:
        resolved = resolved.filter(resolved_at__lt=until)
    rows = (
        resolved.order_by()
        .annotate(
            public_messages=Coalesce(Subquery(messages), ZERO),
            logged=Coalesce(Subquery(minutes), ZERO),
            staff_replies=Coalesce(
                Subquery(staff_replies.values("ticket").annotate(n=Count("id")).values("n")),
                ZERO,
            ),
            first_staff_reply=Subquery(
                staff_replies.order_by("created_at").values("created_at")[:1]
            ),
            answered_back=Exists(answered_back),
        )
        .values_list(
            "category",
            "created_at",
            "resolved_at",
            "public_messages",
            "logged",
            "staff_replies",
            "answered_back",
        )
    )
    by_category: dict[str, list[tuple[int, int, int, bool]]] = {
        value: [] for value in Category.values
    }
    for category, created_at, resolved_at, public_messages, logged, replies, back in rows:
        spent = int((resolved_at - created_at).total_seconds() // 60)
        one_touch = replies == 1 and not back
        by_category.setdefault(category, []).append((spent, public_messages, logged, one_touch))
    labels = dict(Category.choices)
    table = []
    for category, tickets in by_category.items():
        count = len(tickets)
        table.append(
            CaseType(
                category=category,
                label=labels.get(category, category),
                resolved=count,
                median_minutes=round(median(t[0] for t in tickets)) if count else None,
                messages_per_ticket=(
                    (Decimal(sum(t[1] for t in tickets)) / count).quantize(Decimal("0.1"))
                    if count
                    else None
                ),
                minutes_spent=sum(t[2] for t in tickets),
                one_touch=sum(1 for t in tickets if t[3]),
            )
        )
    return table
