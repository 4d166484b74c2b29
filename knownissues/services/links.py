"""Links between known issues and tickets, and the ticket's ``<number>-<slug>`` tag that goes
with each link.

A link made or removed here also tags or untags the ticket through ``tickets.services``, with a
line on the ticket's timeline. The reverse way, a tag typed or removed by hand, reaches
``link_from_tag`` / ``unlink_from_tag`` through the tag receiver, inside the tagging transaction.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import NotFound
from tickets import services as tickets
from tickets.models import Ticket

from .. import policies, selectors
from ..errors import AlreadyLinked, IssueResolved
from ..models import KnownIssue, KnownIssueLink
from ._common import lock_issue, require, ticket_numbered


def retag(ticket: Ticket, *, actor, remove: str = "", add: str = "", event: bool = True) -> None:
    """Swap one tag of the ticket for another (either may be empty), keeping the others: under
    the ticket's row lock, so a tag someone adds meanwhile is not lost. ``event`` False: the
    caller's own line on the timeline (a link made or removed) says it, not a second one."""
    tickets.change_tags(ticket, actor=actor, add=[add] if add else [], remove=[remove], event=event)


def link(issue: KnownIssue, ticket: Ticket, *, actor, at: datetime) -> KnownIssueLink:
    """The link, the tag and the timeline's event; the caller holds the issue's lock."""
    if KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).exists():
        raise AlreadyLinked(f"Ticket #{ticket.pk} is already linked to known issue {issue.pk}.")
    made = KnownIssueLink.objects.create(
        known_issue=issue, ticket=ticket, linked_by=actor, linked_at=at
    )
    retag(ticket, actor=actor, add=issue.tag_name, event=False)
    tickets.record_event(
        ticket,
        f"Linked to known issue **{issue.tag_name}**: {issue.title} "
        f"({issue.get_status_display()}) by {actor.get_username()}.",
        actor=actor,
        at=at,
    )
    return made


def link_ticket(issue: KnownIssue, ticket: Ticket | int, *, actor) -> KnownIssueLink:
    """Tag the ticket ``<number>-<slug>`` and say so on its timeline. A Resolved issue takes no
    new tickets: reopen it, or answer the ticket directly."""
    require(policies.may_manage(actor), "link tickets to known issues")
    ticket = ticket if isinstance(ticket, Ticket) else ticket_numbered(ticket)
    at = timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if not policies.issue_takes_tickets(issue):
            raise IssueResolved(
                f"Known issue {issue.pk} is resolved: reopen it, or answer #{ticket.pk} directly.",
                current_status=issue.status,
            )
        made = link(issue, ticket, actor=actor, at=at)
        issue.updated_at = at
        issue.save(update_fields=["updated_at"])
    return made


def unlink_ticket(issue: KnownIssue, ticket: Ticket | int, *, actor) -> None:
    """Remove the link and the ticket's ``<number>-<slug>`` tag, with a line on its timeline."""
    require(policies.may_manage(actor), "unlink tickets from known issues")
    ticket = ticket if isinstance(ticket, Ticket) else ticket_numbered(ticket)
    at = timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        deleted, _ = KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).delete()
        if not deleted:
            raise NotFound(f"Ticket #{ticket.pk} is not linked to known issue {issue.pk}.")
        retag(ticket, actor=actor, remove=issue.tag_name, event=False)
        tickets.record_event(
            ticket,
            f"Unlinked from known issue **{issue.tag_name}** by {actor.get_username()}.",
            actor=actor,
            at=at,
        )
        issue.updated_at = at
        issue.save(update_fields=["updated_at"])


def link_from_tag(ticket: Ticket, tag_name: str, *, at: datetime | None = None) -> bool:
    """An agent typed an existing unresolved issue's tag on the ticket (by hand, or when
    escalating down with a known issue): link it too, with a line on its timeline. Called by the tag
    receiver inside the tagging transaction; returns whether a link was made."""
    issue = selectors.issue_for_tag(tag_name)
    if issue is None or not policies.issue_takes_tickets(issue):
        return False
    if KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).exists():
        return False
    at = at or timezone.now()
    KnownIssueLink.objects.create(known_issue=issue, ticket=ticket, linked_by=None, linked_at=at)
    KnownIssue.objects.filter(pk=issue.pk).update(updated_at=at)
    tickets.record_event(
        ticket, f"Linked to known issue **{issue.tag_name}**: {issue.title} (tagged).", at=at
    )
    return True


def unlink_from_tag(ticket: Ticket, tag_name: str, *, at: datetime | None = None) -> bool:
    """The issue's tag was removed from the ticket by hand: the link goes with it."""
    issue = selectors.issue_for_tag(tag_name)
    if issue is None:
        return False
    deleted, _ = KnownIssueLink.objects.filter(known_issue=issue, ticket=ticket).delete()
    if deleted:
        tickets.record_event(
            ticket, f"Unlinked from known issue **{issue.tag_name}** (tag removed).", at=at
        )
    return bool(deleted)
