"""Who works the desk: the agents a lead may assign, the one lookup of a typed assignee, and
each tier's agents (who is told about an unassigned ticket)."""

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from helpdesk.core import roles
from helpdesk.core.errors import ValidationFailed

from ..models import Tier


def assignable_agents() -> QuerySet:
    """Active users who work the desk (agents, leads, superusers), for a lead's assign menu."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=[roles.AGENTS_GROUP, roles.LEADS_GROUP]))
        .distinct()
        .order_by("username")
    )


def user_named(username: str | None):
    """The active user of this username (None for none), or ``ValidationFailed`` naming the
    ``assignee`` field: the one lookup of an assignee typed into the API or a routing form. The
    service that assigns then refuses a user who may not take the ticket."""
    name = (username or "").strip()
    if not name:
        return None
    user = get_user_model().objects.filter(is_active=True, username=name).first()
    if user is None:
        raise ValidationFailed(
            f"There is no active user {name!r}.", fields={"assignee": ["Choose an agent."]}
        )
    return user


def tier_agent_ids(tier_ids: Collection[int]) -> dict[int, list[int]]:
    """The active agents who work each tier (``Tier.members``), in one query: who is told about
    an unassigned ticket of the tier (a customer's reply, an escalation, a Red SLA)."""
    members: dict[int, list[int]] = {pk: [] for pk in tier_ids}
    rows = (
        Tier.members.through.objects.filter(tier_id__in=list(tier_ids), user__is_active=True)
        .order_by("tier_id", "user_id")
        .values_list("tier_id", "user_id")
    )
    for tier_id, user_id in rows:
        members[tier_id].append(user_id)
    return members
