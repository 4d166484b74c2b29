"""Creating and editing tasks, their assignee and the customer's approval of the estimate."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import Ticket
from tickets.states import Priority

from .. import policies as task_policies
from .. import selectors as task_selectors
from ..models import Task
from ..states import CardColour, KanbanState, Stage
from . import lead_times
from ._common import (
    _clean_choice,
    _clean_estimate,
    _clean_text,
    _label,
    _lock,
    _require_staff,
    _ticket_note,
)


def _check_assignee(task: Task, actor, assignee, tag_names: list[str]) -> None:
    if assignee is not None and not roles.is_agent(assignee):
        raise ValidationFailed(
            "Tasks can only be assigned to agents.", fields={"assignee": ["Not an agent."]}
        )
    held = assignee is not None or task.assignee_id is not None
    if held and not task_policies.can_assign_task(actor, task, assignee):
        raise PermissionDenied(
            "Only a lead may reassign a task that another agent holds, or give it to someone else."
        )
    problem = task_policies.task_assignment_problem(task, assignee, tag_names)
    if problem:
        raise ValidationFailed(problem, fields={"assignee": [problem]})


def create_task(
    ticket: Ticket,
    *,
    actor,
    title: str,
    description: str = "",
    assignee=None,
    tags: Iterable[str] | None = None,
    billing_reference: str = "",
    subscription: str = "",
    estimate_hours=None,
    card_colour: str = "",
    priority: str = "",
    lead_time_due: datetime | None = None,
    lead_time_business_days: int | None = None,
    template=None,
    at: datetime | None = None,
) -> Task:
    """A consultant (any agent) files a task on a ticket that needs code. It starts in
    Requirements, Unapproved (grey) until the process leader marks it ready.

    A Question ticket must be recorded as discussed with the customer first (seed 001; 409).

    Defaults: the ticket's priority; the ticket's task tags (e.g. Spanish) when ``tags`` is None;
    a purple card for a change request, blue for top priority, else yellow; the lead time
    ``lead_time_business_days`` (default: by priority) after now unless ``lead_time_due`` says
    when (``engineering.services.lead_times``). ``template`` records what it was copied from.
    """
    _require_staff(actor, "create tasks")
    if ticket_selectors.needs_discussion(ticket):
        raise Conflict(
            f"Ticket #{ticket.pk} is a Question: discuss it with the customer first and record "
            'it on the ticket ("Discussed with the customer"), then file the task (seed 001).'
        )
    at = at or timezone.now()
    title = _clean_text(title, "title", 200, required=True)
    description = _clean_text(description, "description", 20000)
    billing_reference = _clean_text(billing_reference, "billing_reference", 200)
    subscription = _clean_text(subscription, "subscription", 200)
    hours = _clean_estimate(estimate_hours)
    priority = _clean_choice(priority or ticket.priority, Priority, "priority")
    due = lead_times.clean_lead_time(lead_time_due)
    days = lead_times.clean_business_days(lead_time_business_days)
    if due is None:
        days = lead_times.default_business_days(priority) if days is None else days
        due = lead_times.lead_time_after(at, days)
    names = (
        task_selectors.default_task_tags(ticket)
        if tags is None
        else ticket_services.clean_tag_names(tags)
    )
    if card_colour:
        colour = _clean_choice(card_colour, CardColour, "card_colour")
    elif any(name.lower() == "change request" for name in names):
        colour = CardColour.CHANGE_REQUEST
    elif priority == Priority.TOP:
        colour = CardColour.PRIORITY
    else:
        colour = CardColour.REGULAR
    with transaction.atomic():
        task = Task(
            ticket=ticket,
            title=title,
            description=description,
            created_by=actor,
            priority=priority,
            card_colour=colour,
            billing_reference=billing_reference,
            subscription=subscription,
            estimate_hours=hours,
            created_at=at,
            updated_at=at,
            stage_changed_at=at,
            template=template,
        )
        lead_times.arm(task, due, at)
        if assignee is not None:
            _check_assignee(task, actor, assignee, names)
            task.assignee = assignee
        task.save()
        task.tags.set(ticket_services.tags_named(names))
        _ticket_note(task, actor, f"{_label(task)} created in Requirements.", at)
    return task


EDITABLE = frozenset(
    {
        "title",
        "description",
        "priority",
        "card_colour",
        "kanban_state",
        "blocked_reason",
        "billing_reference",
        "subscription",
        "estimate_hours",
        "assignee",
        "tags",
        "lead_time_due",
    }
)


def update_task(task: Task, *, actor, **changes) -> Task:
    """Change the fields named in ``changes`` (never the stage: that is ``transition_task``).

    A new estimate clears the customer's approval of the old one; a blocked card needs a reason;
    only a lead (the Process Leader) sets a task Ready that no lead has reviewed yet; a new lead
    time re-arms the blue card and the workload assignment; the Spanish rule holds for the
    assignee under the new tags.
    """
    _require_staff(actor, "edit tasks")
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}."
        )
    at = timezone.now()
    with transaction.atomic():
        task = _lock(task.pk)
        if "title" in changes:
            task.title = _clean_text(changes["title"], "title", 200, required=True)
        if "description" in changes:
            task.description = _clean_text(changes["description"], "description", 20000)
        if "priority" in changes:
            task.priority = _clean_choice(changes["priority"], Priority, "priority")
        if "card_colour" in changes:
            task.card_colour = _clean_choice(changes["card_colour"], CardColour, "card_colour")
        for name in ("billing_reference", "subscription"):
            if name in changes:
                setattr(task, name, _clean_text(changes[name], name, 200))
        if "estimate_hours" in changes:
            hours = _clean_estimate(changes["estimate_hours"])
            if hours != task.estimate_hours:
                task.estimate_hours = hours
                task.estimate_approved_by = None
                task.estimate_approved_at = None
        if "kanban_state" in changes or "blocked_reason" in changes:
            state = _clean_choice(
                changes.get("kanban_state", task.kanban_state), KanbanState, "kanban_state"
            )
            reason = _clean_text(
                changes.get("blocked_reason", task.blocked_reason), "blocked_reason", 300
            )
            if state == KanbanState.BLOCKED and not reason:
                raise ValidationFailed(
                    "Say what blocks the task.",
                    fields={"blocked_reason": ["A blocked task needs a reason."]},
                )
            newly_ready = state == KanbanState.READY != task.kanban_state
            if newly_ready and task.reviewed_at is None:
                _review(task, actor, at)
            task.kanban_state = state
            task.blocked_reason = reason if state == KanbanState.BLOCKED else ""
        if "lead_time_due" in changes:
            due = lead_times.clean_lead_time(changes["lead_time_due"])
            if not lead_times.same_minute(due, task.lead_time_due):
                lead_times.arm(task, due, at)
        names = [t.name for t in task.tags.all()]
        if "tags" in changes:
            names = ticket_services.clean_tag_names(changes["tags"])
        assignee = changes.get("assignee", task.assignee)
        if "assignee" in changes and getattr(assignee, "pk", None) != task.assignee_id:
            _check_assignee(task, actor, assignee, names)
            task.assignee = assignee
        elif "tags" in changes:
            problem = task_policies.task_assignment_problem(task, task.assignee, names)
            if problem:
                raise ValidationFailed(problem, fields={"tags": [problem]})
        task.updated_at = at
        task.save()
        if "tags" in changes:
            task.tags.set(ticket_services.tags_named(names))
    return task


def _review(task: Task, actor, at: datetime) -> None:
    """Seed 000: the Process Leader reviews a task (grey Unapproved → green Ready)."""
    if not roles.is_lead(actor):
        message = (
            f"Task {task.pk} has not been reviewed yet: only a lead (the Process Leader) may set "
            "it Ready."
        )
        raise PermissionDenied(message, fields={"kanban_state": [message]})
    task.reviewed_by = actor
    task.reviewed_at = at
    _ticket_note(task, actor, f"{_label(task)} reviewed: Ready (green).", at)


def assign_task(task: Task, *, actor, assignee) -> Task:
    """Give the task to an agent (``None`` releases it): the Spanish rule applies."""
    return update_task(task, actor=actor, assignee=assignee)


def approve_estimate(task: Task, *, actor, at: datetime | None = None) -> Task:
    """The customer approves the time estimate (requester or organization manager on the
    portal), or a consultant records the customer's approval relayed to them."""
    at = at or timezone.now()
    with transaction.atomic():
        task = _lock(task.pk)
        if not task_policies.can_approve_estimate(actor, task):
            raise NotFound(f"Task {task.pk} was not found.")
        if task.stage != Stage.REQUIREMENTS:
            raise Conflict(
                f"{_label(task)} is in {task.get_stage_display()}: estimates are approved "
                "in Requirements.",
                current_stage=task.stage,
            )
        if task.estimate_hours is None:
            raise ValidationFailed(
                f"{_label(task)} has no estimate to approve yet.",
                fields={"estimate_hours": ["Estimate the task first."]},
            )
        if task.estimate_approved_at is not None:
            return task
        task.estimate_approved_by = actor
        task.estimate_approved_at = at
        task.updated_at = at
        task.save(update_fields=["estimate_approved_by", "estimate_approved_at", "updated_at"])
        if roles.is_customer(actor):
            body = f"I approve the estimate of {task.estimate_hours} h for “{task.title}”."
        else:
            body = (
                f"{_label(task)}: the customer's approval of the estimate of "
                f"{task.estimate_hours} h recorded by {actor.get_username()}."
            )
        _ticket_note(task, actor, body, at)
    return task
