"""Reads of the desk queue's views: the tiers of its filter, the saved views an agent sees, and
where an agent lands when they open the desk."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from helpdesk.core import roles

from ..models import SavedView, Tier

# The queue's tier filter beside a tier's slug: the asker's own tiers, or every tier.
MY_TIERS = "mine"
ALL_TIERS = "all"


@dataclass(frozen=True)
class QueueTier:
    slug: str
    name: str
    mine: bool  # the asker is one of its members


def queue_tiers(user) -> list[QueueTier]:
    """Every tier in escalation order, each saying whether ``user`` works it: one query."""
    member = Tier.members.through.objects.filter(tier_id=OuterRef("pk"), user_id=user.pk)
    rows = Tier.objects.order_by("level").annotate(mine=Exists(member))
    return [QueueTier(row.slug, row.name, row.mine) for row in rows.only("slug", "name")]


def _member_tier_ids(user) -> QuerySet:
    return Tier.members.through.objects.filter(user_id=user.pk).values("tier_id")


def saved_views_for(user) -> list[SavedView]:
    """The views ``user`` sees on the queue, in one query: those shared with a tier first (in
    escalation order, the tier's default first), then their own. Agents see the views shared
    with their tiers; leads see every shared view (they publish and tend them)."""
    shared = Q(shared_with_tier__isnull=False)
    if not roles.is_lead(user):
        shared &= Q(shared_with_tier_id__in=_member_tier_ids(user))
    views = SavedView.objects.filter(Q(owner=user, shared_with_tier__isnull=True) | shared)
    return list(
        views.select_related("shared_with_tier", "owner").order_by(
            F("shared_with_tier__level").asc(nulls_last=True), "-is_default", "name", "id"
        )
    )


def landing_query(user) -> str | None:
    """Where a bare ``/desk/`` takes ``user``: the default view of their first tier (in
    escalation order) that has one, else their own tiers (``tier=mine``); None when they work
    no tier (they see every tier, as before tiers had members)."""
    default = (
        SavedView.objects.filter(is_default=True, shared_with_tier_id__in=_member_tier_ids(user))
        .order_by("shared_with_tier__level")
        .values_list("query", flat=True)
        .first()
    )
    if default is not None:
        return default
    return f"tier={MY_TIERS}" if _member_tier_ids(user).exists() else None
