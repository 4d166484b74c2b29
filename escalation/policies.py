"""The one place that answers "may this user do X" for escalation."""

from helpdesk.core import roles
from helpdesk.core.errors import ValidationFailed

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


def is_spanish(ticket) -> bool:
    """Tagged Spanish (case-blind). Uses ``ticket.tags`` (prefetch it on lists)."""
    return any(tag.name.lower() == SPANISH.lower() for tag in ticket.tags.all())


def assignable_problem(ticket, agent) -> str:
    """Why ``agent`` may not hold ``ticket`` under escalation's rules, or "" if they may."""
    if agent is None:
        return ""
    if is_spanish(ticket) and not speaks_spanish(agent):
        return (
            f"Ticket #{ticket.pk} is tagged {SPANISH}: only agents marked as Spanish speakers "
            f"may take it, and {agent.get_username()} is not."
        )
    return ""


def check_assignable(ticket, agent) -> None:
    """Raise ``ValidationFailed`` when ``agent`` may not hold ``ticket`` (the Spanish rule).

    The desk calls this before ``tickets.services.assign`` (or uses
    ``escalation.services.assign``, which does both in one transaction).
    """
    problem = assignable_problem(ticket, agent)
    if problem:
        raise ValidationFailed(problem, fields={"assignee": [problem]})
