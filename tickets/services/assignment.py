"""Who holds a ticket: take, release, assign (leads reassign; registered rules such as the
Spanish one apply)."""

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import notify, policies
from ..models import Ticket
from . import alerts
from ._common import _check_visible, _lock, record_event


def assign(ticket: Ticket, *, actor, assignee) -> Ticket:
    """Give the ticket to an agent (``None`` unassigns). Agents take or release; leads reassign;
    Triage gives unheld tickets to agents (``policies.can_assign_ticket``)."""
    _check_visible(actor, ticket)
    check_assignee(assignee)
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if not policies.can_assign_ticket(actor, ticket, assignee):
            raise PermissionDenied(
                "Only a lead may reassign a ticket that another agent holds; only a lead or "
                "Triage may give a ticket to someone else."
            )
        problem = policies.ticket_assignment_problem(ticket, assignee)
        if problem:
            raise ValidationFailed(problem, fields={"assignee": [problem]})
        previous_id = ticket.assignee_id
        ticket.assignee = assignee
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["assignee", "updated_at"])
        if previous_id != ticket.assignee_id:
            record_event(
                ticket, _assignment_line(actor, assignee), actor=actor, at=ticket.updated_at
            )
        notify.ticket_taken(ticket, ticket.updated_at)  # the customer: "<agent> is working on it"
        alerts.assigned(ticket, actor=actor, previous_id=previous_id, at=ticket.updated_at)
    return ticket


def check_assignee(assignee) -> None:
    """Refuse (400) giving tickets to someone who does not work the desk (``None``: nobody)."""
    if assignee is not None and not roles.is_agent(assignee):
        raise ValidationFailed(
            "Tickets can only be assigned to agents.", fields={"assignee": ["Not an agent."]}
        )


def _assignment_line(actor, assignee) -> str:
    who = actor.get_username()
    if assignee is None:
        return f"Unassigned by {who}."
    if assignee.pk == actor.pk:
        return f"Taken by {who}."
    return f"Assigned to {assignee.get_username()} by {who}."


def take(ticket: Ticket, *, actor) -> Ticket:
    return assign(ticket, actor=actor, assignee=actor)


def hand_back(ticket: Ticket, *, agent, reason: str, at=None) -> bool:
    """The helpdesk gives an unheld ticket to ``agent`` by a rule, not a person's choice (seed
    003: an escalated ticket returns to the engineer who already answered it). Rules on who may
    hold it (Spanish) still apply: when ``agent`` may not, or someone holds it, nothing
    changes and the answer is False. The caller holds the transaction."""
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.assignee_id is not None or not roles.is_agent(agent) or not agent.is_active:
            return False
        if policies.ticket_assignment_problem(ticket, agent):
            return False
        ticket.assignee = agent
        ticket.updated_at = at
        ticket.save(update_fields=["assignee", "updated_at"])
        record_event(ticket, f"Handed back to {agent.get_username()}: {reason}", at=at)
        alerts.assigned(ticket, actor=None, previous_id=None, at=at)
    return True
