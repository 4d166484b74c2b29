"""The one place that answers "may this user see / do X" for known issues."""

from helpdesk.core import roles

from .states import IssueStatus
from .status import can_post_status


def may_view(user) -> bool:
    """The tracker is internal: every agent reads it (seed 003: check it before escalating)."""
    return roles.is_agent(user)


def may_manage(user) -> bool:
    """Create and edit known issues, link tickets, change the status: any agent (T3/T4 open
    them, every tier tags tickets with them)."""
    return roles.is_agent(user)


def may_send_bulk_answer(user) -> bool:
    """Compose, preview and send the one answer every linked ticket receives."""
    return roles.is_agent(user)


def may_see_signals(user) -> bool:
    """The "create a known issue?" / "post on the status page?" suggestions: leads."""
    return roles.is_lead(user)


def may_post_status(user) -> bool:
    """The status page's own policy decides."""
    return can_post_status(user)


def issue_takes_tickets(issue) -> bool:
    """A Resolved issue takes no new tickets: reopen it, or answer the ticket directly."""
    return issue.status != IssueStatus.RESOLVED


def issue_may_be_posted(issue) -> bool:
    """Only an issue not yet posted and not Resolved goes on the status page."""
    return not issue.is_public and issue.status != IssueStatus.RESOLVED
