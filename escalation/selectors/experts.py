"""Seed 000's Experts list: the agents who named topics colleagues may ask them about."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from helpdesk.core import roles
from tickets.models import Tier

from ..models import AgentProfile

EXPERTS_PAGE = 200


@dataclass(frozen=True)
class Expert:
    user: object
    topics: list[str]
    tiers: list[str]


def experts(query: str = "") -> list[Expert]:
    """Active staff with topics, by name; ``query`` keeps those with a topic or a name that
    contains it (case-blind). Two queries, whatever the number of experts."""
    query = " ".join((query or "").split())
    staff = Q(is_superuser=True) | Q(groups__name__in=[roles.AGENTS_GROUP, roles.LEADS_GROUP])
    people = (
        get_user_model()
        .objects.filter(staff, is_active=True)
        .exclude(agent_profile__topics="")
        .filter(agent_profile__isnull=False)
        .select_related("agent_profile")
        .prefetch_related(Prefetch("tiers", queryset=Tier.objects.order_by("level")))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    if query:
        people = people.filter(
            Q(agent_profile__topics__icontains=query)
            | Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return [
        Expert(
            user=person,
            topics=[t.strip() for t in person.agent_profile.topics.split(",") if t.strip()],
            tiers=[tier.code for tier in person.tiers.all()],
        )
        for person in people[:EXPERTS_PAGE]
    ]


def topics_of(user) -> str:
    """The agent's own topics line, as stored ("" when none)."""
    profile = getattr(user, "agent_profile", None)
    return profile.topics if profile is not None else ""


def topics_by_agent(agent_ids) -> dict[int, list[str]]:
    """Each agent's topics, in one query (registered with ``tickets.selectors.expertise``)."""
    rows = AgentProfile.objects.filter(user_id__in=list(agent_ids)).exclude(topics="")
    return {
        user_id: [t.strip() for t in line.split(",") if t.strip()]
        for user_id, line in rows.values_list("user_id", "topics")
    }
