"""The one place that answers "may this user see / do X" for time, packs, calls and follow-ups.

Time entries are internal: agents log and read them (the desk is shared, the ticket panel shows
everyone's time on a ticket); an agent edits and deletes only their own entries, a lead all.
Customers see only totals of their own (or, as managers, their organization's) tickets.
"""

from helpdesk.core import roles
from tickets import policies as ticket_policies


def can_log_time(user) -> bool:
    return roles.is_agent(user)


def can_log_for(user, agent) -> bool:
    """An agent logs time, plans follow-ups and books calls for themselves; a lead also for
    another agent. (A timer is always its agent's own: ``start_timer`` takes no agent.)"""
    return roles.is_agent(user) and (agent.pk == user.pk or roles.is_lead(user))


def can_view_entries(user) -> bool:
    return roles.is_agent(user)


def can_edit_entry(user, entry) -> bool:
    return roles.is_agent(user) and (entry.agent_id == user.pk or roles.is_lead(user))


def can_view_reports(user) -> bool:
    return roles.is_lead(user)


def can_see_ticket_totals(user, ticket) -> bool:
    """The portal's time-spent panel: anyone who may see the ticket itself."""
    return ticket_policies.can_view_ticket(user, ticket)


def can_schedule_call_for(user, agent) -> bool:
    return can_log_for(user, agent) and roles.is_agent(agent)


def can_handle_call(user, call) -> bool:
    """Hold, no-show or cancel a call: the agent who takes it, or a lead."""
    return roles.is_agent(user) and (call.agent_id == user.pk or roles.is_lead(user))


def can_handle_follow_up(user, follow_up) -> bool:
    return roles.is_agent(user) and (follow_up.agent_id == user.pk or roles.is_lead(user))
