"""The one place that answers "may this user see / do X" for tickets."""

import re
from collections.abc import Callable, Sequence
from typing import Any

from django_fsm import can_proceed

from helpdesk.core import roles

from .models import Tier
from .states import PUBLIC_MESSAGE_KINDS, MessageKind, Status

# The tag a known issue gives its tickets: ``<number>-<slug>`` (``42-checkout-502``), the slug
# as ``slugify`` writes it (letters, digits, underscores, single hyphens between words). Tag names
# are case-blind, so upper case matches too. Use ``fullmatch``: group 1 is the number, group 2
# the slug. Escalation checks the dialog's "known issue" with it; knownissues links by it.
KNOWN_ISSUE_TAG = re.compile(r"([0-9]+)-([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)")


def can_view_ticket(user, ticket) -> bool:
    if roles.is_agent(user):
        return True
    if not roles.is_customer(user):
        return False
    if ticket.requester_id == user.pk:
        return True
    profile = user.customer_profile
    return profile.is_manager and ticket.organization_id == profile.organization_id


def can_confirm_intake(user, ticket) -> bool:
    """The portal's "is this summary right?": the customers who see the ticket, not staff."""
    return roles.is_customer(user) and can_view_ticket(user, ticket)


def can_see_message_kind(user, kind: str) -> bool:
    return roles.is_agent(user) or kind in PUBLIC_MESSAGE_KINDS


def message_kinds_user_may_post(user) -> frozenset[str]:
    if roles.is_agent(user):
        return frozenset({MessageKind.PUBLIC_REPLY, MessageKind.INTERNAL_NOTE})
    if roles.is_customer(user):
        return frozenset({MessageKind.CUSTOMER_REPLY})
    return frozenset()


def can_record_findings(user) -> bool:
    """A ticket's findings (cause, what was tried, fix) are staff's: customers read only the
    summary sent to them, or the workaround shown on their ticket page."""
    return roles.is_agent(user)


def can_submit_ticket(user) -> bool:
    return roles.is_customer(user) or roles.is_agent(user)


def can_act_in_bulk(user) -> bool:
    """Bulk actions on many tickets at once are a desk tool (each ticket still asks its own
    service, so a refused one stays as it was)."""
    return roles.is_agent(user)


def can_assign(user, work, assignee) -> bool:
    """Who holds a ticket or a task: agents take unheld work or give up their own; leads
    reassign anything."""
    if roles.is_lead(user):
        return True
    if not roles.is_agent(user):
        return False
    if assignee is not None and assignee.pk != user.pk:
        return False
    return work.assignee_id in (None, user.pk)


def routes_tickets(user) -> bool:
    """Seed 003: Triage reads every new ticket and decides who works it ("assign a T1 if there
    is not a backlog"). Leads, and the agents of the entry tier (the lowest level: Triage),
    give unheld tickets to other agents and set their priority and category."""
    if roles.is_lead(user):
        return True
    if not roles.is_agent(user):
        return False
    cached = getattr(user, "_routes_tickets", None)
    if cached is None:
        entry_level = Tier.objects.order_by("level").values("level")[:1]
        cached = user.tiers.filter(level=entry_level).exists()
        user._routes_tickets = cached
    return cached


def can_assign_ticket(user, ticket, assignee) -> bool:
    """``can_assign``, plus routing: Triage gives a ticket nobody else holds to any agent."""
    if can_assign(user, ticket, assignee):
        return True
    return ticket.assignee_id in (None, user.pk) and routes_tickets(user)


# Rules other apps add to who may hold a ticket or a task (escalation: work tagged Spanish only
# goes to Spanish speakers). Each takes (label, tag_names, agent) and returns why the agent may
# not hold the work named ``label`` ("Ticket #12", "Task 4"), or "".
AssignmentCheck = Callable[[str, Sequence[str], Any], str]
_ASSIGNMENT_CHECKS: list[AssignmentCheck] = []


def register_assignment_check(check: AssignmentCheck) -> None:
    """Called once from an AppConfig.ready of an app that depends on tickets."""
    if check not in _ASSIGNMENT_CHECKS:
        _ASSIGNMENT_CHECKS.append(check)


def assignment_problem(label: str, tag_names: Sequence[str], agent) -> str:
    """Why ``agent`` may not hold the work ``label`` tagged ``tag_names``; "" when they may."""
    if agent is None:
        return ""
    for check in _ASSIGNMENT_CHECKS:
        problem = check(label, tag_names, agent)
        if problem:
            return problem
    return ""


def ticket_assignment_problem(ticket, agent, tag_names: Sequence[str] | None = None) -> str:
    """``assignment_problem`` for a ticket with its tags (or the ``tag_names`` it will have)."""
    names = [t.name for t in ticket.tags.all()] if tag_names is None else list(tag_names)
    return assignment_problem(f"Ticket #{ticket.pk}", names, agent)


def can_reply_and_set_pending(ticket) -> bool:
    """ "Send and set Pending": a Pending ticket restarts its wait; any other must be able to
    enter Pending now."""
    return ticket.status == Status.PENDING or can_proceed(ticket.set_pending)


def can_share_views(user) -> bool:
    """Leads publish queue views for a tier and choose a tier's default view."""
    return roles.is_lead(user)


def can_see_view(user, view) -> bool:
    """A personal view is its owner's; a shared view shows to the tier's members and to leads,
    but opening its link is open to any agent (a view is only a query string)."""
    if view.shared_with_tier_id is None:
        return view.owner_id == user.pk
    return roles.is_agent(user)


def can_change_view(user, view) -> bool:
    """Rename or delete: one's own personal views; a shared view, any lead."""
    if view.shared_with_tier_id is None:
        return view.owner_id == user.pk and roles.is_agent(user)
    return can_share_views(user)


def may_see_organization_profile(user) -> bool:
    """An organization's profile, Deep Dive and documents are staff knowledge: agents only."""
    return roles.is_agent(user)


def may_edit_organization_profile(user) -> bool:
    return roles.is_agent(user)
