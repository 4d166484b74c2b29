"""The one place that answers "may this user see / do X" for known issues, the status page and
the on-call log."""

from django.conf import settings
from django.db.models import Subquery

from helpdesk.core import roles
from tickets.models import Tier

from .states import IssueStatus

# The longest public line of the status page (the posting form and the services both hold it).
SUMMARY_MAX_CHARS = 2000


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


def may_notify_affected(user) -> bool:
    """Email the customers of the affected organizations who have not filed a ticket: leads
    (seed 003-74: it goes to customers who did not write to us)."""
    return roles.is_lead(user)


def may_see_signals(user) -> bool:
    """The "create a known issue?" / "post on the status page?" suggestions: leads."""
    return roles.is_lead(user)


def may_use_guard(user) -> bool:
    """The hand-over page and the on-call log are the desk's: agents, leads, admins."""
    return roles.is_agent(user)


# The tier whose members (and those of every tier above it, On-Call included) verify bugs.
VERIFYING_TIER_CODE = "T4"


def verifier_refusal(user) -> str:
    """Why ``user`` may not verify a known issue's bug (seed 003-23/28); empty when they may.
    T4 verifies: members of T4 or a higher tier (T5, On-Call: "Tier 4 and on-call may be the
    same person"), and leads."""
    if not roles.is_agent(user):
        return "Only T4 agents and leads verify bugs."
    if roles.is_lead(user):
        return ""
    t4_level = Tier.objects.filter(code=VERIFYING_TIER_CODE).values("level")[:1]
    if user.tiers.filter(level__gte=Subquery(t4_level)).exists():
        return ""
    return (
        f"Only {VERIFYING_TIER_CODE} (members of {VERIFYING_TIER_CODE} or a tier above it) and "
        "leads verify bugs: escalate the ticket to T4 for verification."
    )


def poster_refusal(user) -> str:
    """Why ``user`` may not post on the public status page; empty when they may."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "Sign in to post on the status page."
    if user.is_superuser:
        return ""
    if roles.is_customer(user):
        return "Customers cannot post on the status page."
    groups = set(getattr(settings, "STATUS_POSTER_GROUPS", []))
    if groups & roles._group_names(user) or user.has_perm("knownissues.post_status"):
        return ""
    named = ", ".join(sorted(groups)) or "no group"
    return (
        "Only status posters may post on the public status page: members of "
        f"{named}, or people given the “post on the status page” permission in admin."
    )


def may_post_status(user) -> bool:
    """Post on the public status page, and write the public line of a status change:
    superusers, holders of ``knownissues.post_status``, members of STATUS_POSTER_GROUPS."""
    return not poster_refusal(user)


def issue_takes_tickets(issue) -> bool:
    """A Resolved issue takes no new tickets: reopen it, or answer the ticket directly."""
    return issue.status != IssueStatus.RESOLVED


def issue_may_be_posted(issue) -> bool:
    """Only an issue not yet posted and not Resolved goes on the status page."""
    return not issue.is_public and issue.status != IssueStatus.RESOLVED
