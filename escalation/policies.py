"""The one place that answers "may this user do X" for escalation."""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from helpdesk.core import roles

from .models import AgentProfile
from .states import SPANISH


def may_escalate(user) -> bool:
    """Any agent may escalate (seed 003: anyone may send a ticket On-Call)."""
    return roles.is_agent(user)


def may_review(user) -> bool:
    return roles.is_lead(user)


def may_route(user, ticket) -> bool:
    """Sending a ticket to a team drops its assignee: the holder, a lead, or anyone if unheld."""
    if roles.is_lead(user):
        return True
    return roles.is_agent(user) and ticket.assignee_id in (None, user.pk)


def speaks_spanish(user) -> bool:
    cached = getattr(user, "_speaks_spanish", None)
    if cached is None:
        cached = AgentProfile.objects.filter(user_id=user.pk, speaks_spanish=True).exists()
        user._speaks_spanish = cached
    return cached


def is_spanish(tag_names: Iterable[str]) -> bool:
    """Tagged Spanish (case-blind)."""
    return any(name.lower() == SPANISH.lower() for name in tag_names)


def spanish_problem(label: str, tag_names: Sequence[str], agent) -> str:
    """Seed 000: Spanish-speaking requests only go to agents who speak Spanish. Registered in
    ``tickets.policies`` (escalation's AppConfig), so it holds for tickets and tasks alike."""
    if is_spanish(tag_names) and not speaks_spanish(agent):
        return (
            f"{label} is tagged {SPANISH}: only agents marked as Spanish speakers "
            f"may take it, and {agent.get_username()} is not."
        )
    return ""


def takeable_by(queryset: QuerySet, agent) -> QuerySet:
    """``queryset`` of tickets without those ``agent`` may not hold (the same Spanish rule, as
    a filter for picking the next ticket)."""
    if speaks_spanish(agent):
        return queryset
    return queryset.exclude(tags__name__iexact=SPANISH)
