"""The one place that answers "may this user see / do X" for tickets."""

import re

from django_fsm import can_proceed

from helpdesk.core import roles

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


def can_see_message_kind(user, kind: str) -> bool:
    return roles.is_agent(user) or kind in PUBLIC_MESSAGE_KINDS


def message_kinds_user_may_post(user) -> frozenset[str]:
    if roles.is_agent(user):
        return frozenset({MessageKind.PUBLIC_REPLY, MessageKind.INTERNAL_NOTE})
    if roles.is_customer(user):
        return frozenset({MessageKind.CUSTOMER_REPLY})
    return frozenset()


def can_submit_ticket(user) -> bool:
    return roles.is_customer(user) or roles.is_agent(user)


def can_assign(user, ticket, assignee) -> bool:
    """Agents take unassigned tickets or give up their own; leads reassign anything."""
    if roles.is_lead(user):
        return True
    if not roles.is_agent(user):
        return False
    if assignee is not None and assignee.pk != user.pk:
        return False
    return ticket.assignee_id in (None, user.pk)


# Rules other apps add to assignment (escalation: Spanish-tagged tickets only go to Spanish
# speakers). Each takes (ticket, agent) and returns why the agent may not hold it, or "".
_ASSIGNMENT_CHECKS: list = []


def register_assignment_check(check) -> None:
    if check not in _ASSIGNMENT_CHECKS:
        _ASSIGNMENT_CHECKS.append(check)


def assignment_problem(ticket, agent) -> str:
    for check in _ASSIGNMENT_CHECKS:
        problem = check(ticket, agent)
        if problem:
            return problem
    return ""


def can_reply_and_set_pending(ticket) -> bool:
    """ "Send and set Pending": a Pending ticket restarts its wait; any other must be able to
    enter Pending now."""
    return ticket.status == Status.PENDING or can_proceed(ticket.set_pending)
