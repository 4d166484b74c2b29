"""The one place that answers "may this user see / do X" for engineering tasks.

The Spanish rule (seed 000: "Spanish speaking Calls/Email requests" only go to agents who speak
Spanish) is the same rule escalation enforces for tickets. Whether an agent speaks Spanish is
known to the escalation app (its ``AgentProfile``), which depends on tickets, so tickets asks
through the user's reverse relation (no import) — the way ``tickets.selectors`` reaches the SLA
clocks. Other apps may add rules with ``register_task_assignment_check`` (the registry idea of
``tickets.policies.register_assignment_check``).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist

from helpdesk.core import roles

from .states import Stage

SPANISH = "Spanish"

# Each takes (task, agent) and returns why the agent may not hold the task, or "".
_TASK_ASSIGNMENT_CHECKS: list = []


def register_task_assignment_check(check) -> None:
    if check not in _TASK_ASSIGNMENT_CHECKS:
        _TASK_ASSIGNMENT_CHECKS.append(check)


def can_work_tasks(user) -> bool:
    """Create, edit, assign and move tasks: the desk (agents, consultants, leads)."""
    return roles.is_agent(user)


def can_assign_task(user, task, assignee) -> bool:
    """Agents take an unheld task or give up their own; leads reassign anything."""
    if roles.is_lead(user):
        return True
    if not roles.is_agent(user):
        return False
    if assignee is not None and assignee.pk != user.pk:
        return False
    return task.assignee_id in (None, user.pk)


def can_answer_uat(user, task) -> bool:
    """The customer who may see the parent ticket (requester, or their organization's manager)."""
    from .policies import can_view_ticket

    return roles.is_customer(user) and can_view_ticket(user, task.ticket)


def can_approve_estimate(user, task) -> bool:
    """The customer on the portal, or a consultant relaying the customer's approval."""
    return roles.is_agent(user) or can_answer_uat(user, task)


def speaks_spanish(user) -> bool:
    cached = getattr(user, "_speaks_spanish", None)
    if cached is None:
        try:
            field = get_user_model()._meta.get_field("agent_profile")
        except FieldDoesNotExist:  # the escalation app is not installed: nobody is marked
            cached = False
        else:
            cached = field.related_model.objects.filter(
                user_id=user.pk, speaks_spanish=True
            ).exists()
        user._speaks_spanish = cached
    return cached


def is_spanish(tag_names) -> bool:
    return any(name.lower() == SPANISH.lower() for name in tag_names)


def spanish_problem(task, agent, tag_names=None) -> str:
    """Why ``agent`` may not hold ``task`` (tagged ``tag_names``, default its tags), or ""."""
    if agent is None:
        return ""
    names = [t.name for t in task.tags.all()] if tag_names is None else list(tag_names)
    if is_spanish(names) and not speaks_spanish(agent):
        return (
            f"Task {task.pk or '(new)'} is tagged {SPANISH}: only agents marked as Spanish "
            f"speakers may take it, and {agent.get_username()} is not."
        )
    return ""


def task_assignment_problem(task, agent, tag_names=None) -> str:
    problem = spanish_problem(task, agent, tag_names)
    if problem:
        return problem
    for check in _TASK_ASSIGNMENT_CHECKS:
        problem = check(task, agent)
        if problem:
            return problem
    return ""


def customer_sees_task(task) -> bool:
    """What of a task concerns the customer: its UAT question and answer, and the estimate."""
    return task.stage == Stage.UAT or (
        task.stage == Stage.REQUIREMENTS and task.estimate_hours is not None
    )
