"""Seed 004-04: the Open tickets whose customer is due a progress update."""

from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from helpdesk.core.calendar import business_days_before
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status

from ..models import ProgressReminder, TierRules


def progress_periods() -> dict[int, int]:
    """Tier id → business days of silence before the assignee is reminded (tiers with one)."""
    rows = TierRules.objects.filter(progress_update_business_days__isnull=False).values_list(
        "tier_id", "progress_update_business_days"
    )
    return {tier_id: days for tier_id, days in rows if days is not None}


def progress_update_due(now: datetime) -> QuerySet[Ticket]:
    """Open tickets (not Pending or Waiting on Customer: the ball is in the customer's court
    there) in a tier with a progress period, whose last public reply to the customer (or
    opening, without one) and last reminder are both at or before that many business days ago.
    ``silent_since`` is annotated. Oldest silence first."""
    last_reply = Message.objects.filter(
        ticket=OuterRef("pk"), kind=MessageKind.PUBLIC_REPLY
    ).order_by("-created_at", "-id")
    last_reminder = ProgressReminder.objects.filter(ticket=OuterRef("pk")).order_by(
        "-reminded_at", "-id"
    )
    due = Q(pk__in=[])
    for tier_id, days in progress_periods().items():
        cutoff = business_days_before(now, days)
        due |= Q(tier_id=tier_id, silent_since__lte=cutoff) & (
            Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff)
        )
    return (
        Ticket.objects.filter(status=Status.OPEN)
        .annotate(
            silent_since=Coalesce(Subquery(last_reply.values("created_at")[:1]), "created_at"),
            reminded_at=Subquery(last_reminder.values("reminded_at")[:1]),
        )
        .filter(due)
        .order_by("silent_since", "pk")
    )
