"""Calendar questions other apps ask through a registry (``escalation.hooks``), and the Green
share of one tier's open clocks (the dashboard's figure, for the T4 Tuesday check)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from tickets.models import Tier

from ..business_time import business_minutes_between
from ..models import SlaClock, SlaPolicy
from ..states import ClockState, Colour


def policy_of(tier: Tier) -> SlaPolicy | None:
    return SlaPolicy.objects.select_related("calendar").filter(tier=tier).first()


def in_working_hours(tier: Tier, at: datetime) -> bool:
    """Whether the minute starting at ``at`` is working time in ``tier``'s SLA calendar; a tier
    without a policy has no known hours (False)."""
    policy = policy_of(tier)
    if policy is None:
        return False
    return business_minutes_between(policy.calendar, at, at + timedelta(minutes=1)) == 1


@dataclass(frozen=True)
class GreenShare:
    green: int
    total: int
    target_percent: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.green / self.total) if self.total else None

    @property
    def below_target(self) -> bool:
        return self.percent is not None and self.percent < self.target_percent


def green_share(tier: Tier) -> GreenShare:
    """The tier's open (running or paused) clocks, and how many of them are Green: one query."""
    policy = policy_of(tier)
    counts = (
        SlaClock.objects.filter(tier=tier)
        .exclude(state=ClockState.STOPPED)
        .aggregate(total=Count("id"), green=Count("id", filter=Q(colour=Colour.GREEN)))
    )
    return GreenShare(
        green=counts["green"],
        total=counts["total"],
        target_percent=policy.green_target_percent if policy else 80,
    )
