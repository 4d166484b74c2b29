"""The one place that answers "may this user see / do X" for engineering tasks.

Who may hold a task is the rule tickets apply to tickets, through the one registry in
``tickets.policies`` (escalation registers the Spanish rule of seed 000 there), asked with the
task's tags.
"""

from helpdesk.core import roles
from tickets.policies import assignment_problem, can_assign, can_view_ticket


def can_work_tasks(user) -> bool:
    """Create, edit, assign and move tasks: the desk (agents, consultants, leads)."""
    return roles.is_agent(user)


def can_assign_task(user, task, assignee) -> bool:
    """The same rule as for tickets (``tickets.policies.can_assign``)."""
    return can_assign(user, task, assignee)


def can_answer_uat(user, task) -> bool:
    """The customer who may see the parent ticket (requester, or their organization's manager)."""

    return roles.is_customer(user) and can_view_ticket(user, task.ticket)


def can_check_workflows(user) -> bool:
    """Seed 001: the support lead runs through the customer's known workflows."""
    return roles.is_lead(user)


def can_approve_estimate(user, task) -> bool:
    """The customer on the portal, or a consultant relaying the customer's approval."""
    return roles.is_agent(user) or can_answer_uat(user, task)


def task_assignment_problem(task, agent, tag_names=None) -> str:
    """Why ``agent`` may not hold ``task`` (tagged ``tag_names``, default its tags), or ""."""
    names = [t.name for t in task.tags.all()] if tag_names is None else list(tag_names)
    return assignment_problem(f"Task {task.pk or '(new)'}", names, agent)
