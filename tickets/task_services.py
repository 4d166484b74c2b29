"""Every write on engineering tasks (PRODUCT.md "Engineering / professional-services task
stages", seeds 000 and 001).

Each service is one transaction: it locks the task row, checks permission through
``tickets.task_policies``, applies the change or the transition, writes the task's transition log
and a note on the parent ticket's timeline, and any outbox row. The desk, the portal, the API,
admin actions and the UAT sweep all call these functions.

Timeline notes on the parent ticket: a staff action is an internal note by that person; the
system's (the UAT timer) a system note; the customer's UAT answer or estimate approval is a
customer reply, so staff see it in the thread and the customer sees their own answer.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox

from . import notify, services, task_policies, task_selectors, timers
from .models import Message, Task, TaskTransitionLog, Ticket
from .states import (
    CanceledBy,
    CardColour,
    KanbanState,
    MessageKind,
    Party,
    Priority,
    Stage,
    Status,
)
from .task_hooks import minutes_logged
from .task_selectors import available_task_transitions
from .task_workflow import refusals

NO_TIME_WARNING = "No time was logged in Development."
MAX_ESTIMATE_HOURS = Decimal("9999")
UAT_EMAIL = "task_uat_requested"
AUTO_DONE_EMAIL = "task_uat_auto_done"
# What a transition asks of the person, and how the refusal words it when it is missing.
NEEDS_TEXT = {
    "send_to_uat": "Tell the customer what to test on staging.",
    "reject_uat": "Say what is still wrong.",
    "follow_up": "Give the reason: how the follow-up relates to the original request.",
}


class TaskTransitionRefused(Conflict):
    code = "transition_not_allowed"


@dataclass(frozen=True)
class TaskOutcome:
    """A transition that went through, and what the person should still know about it."""

    task: Task
    warnings: list[str] = field(default_factory=list)


def _lock(task_id: int) -> Task:
    try:
        return Task.objects.select_for_update().get(pk=task_id)
    except Task.DoesNotExist:
        raise NotFound(f"Task {task_id} was not found.") from None


def _require_staff(actor, what: str) -> None:
    if not task_policies.can_work_tasks(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def _iso(instant: datetime | None) -> str:
    return instant.astimezone(UTC).isoformat() if instant else "-"


def _when(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%a %d %b %Y %H:%M %Z")


# --- the parent ticket's timeline ---------------------------------------------------------------


def _customer_message(ticket: Ticket, actor, body: str, at: datetime) -> None:
    """The customer's words on the ticket, as if they replied there (a closed ticket keeps the
    message without opening a follow-up ticket: the answer is about work already done)."""
    if ticket.status != Status.CLOSED:
        services.customer_reply(ticket, actor=actor, body=body)
        return
    Message.objects.create(
        ticket=ticket, kind=MessageKind.CUSTOMER_REPLY, body=body, author=actor, created_at=at
    )
    Ticket.objects.filter(pk=ticket.pk).update(
        last_customer_activity_at=at, last_word=Party.CUSTOMER, updated_at=at
    )


def _ticket_note(task: Task, actor, body: str, at: datetime) -> None:
    ticket = task.ticket
    if actor is None:
        services.add_system_note(ticket, body, at)
    elif roles.is_customer(actor):
        _customer_message(ticket, actor, body, at)
    else:
        Message.objects.create(
            ticket=ticket, kind=MessageKind.INTERNAL_NOTE, body=body, author=actor, created_at=at
        )
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=at)


def _label(task: Task) -> str:
    return f"Task {task.pk} “{task.title}”"


# --- creating and editing -------------------------------------------------------------------------


def _clean_text(value, name: str, limit: int, *, required: bool = False) -> str:
    text = " ".join(str(value or "").split()) if limit <= 300 else str(value or "").strip()
    if required and not text:
        raise ValidationFailed(f"The {name} is required.", fields={name: ["This is required."]})
    if len(text) > limit:
        raise ValidationFailed(
            f"The {name} is at most {limit} characters.",
            fields={name: [f"At most {limit} characters."]},
        )
    return text


def _clean_estimate(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not Decimal(0) < hours <= MAX_ESTIMATE_HOURS:
        raise ValidationFailed(
            "The estimate is a number of hours above 0.",
            fields={"estimate_hours": [f"Hours, more than 0 and at most {MAX_ESTIMATE_HOURS}."]},
        )
    return hours


def _clean_choice(value: str, choices, name: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            f"Unknown {name.replace('_', ' ')} {value!r}.",
            fields={name: [f"Choose one of: {', '.join(choices.values)}."]},
        )
    return value


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
    at: datetime | None = None,
) -> Task:
    """A consultant (any agent) files a task on a ticket that needs code. It starts in
    Requirements, Unapproved (grey) until the process leader marks it ready.

    Defaults: the ticket's priority; the ticket's task tags (e.g. Spanish) when ``tags`` is None;
    a purple card for a change request, blue for top priority, else yellow.
    """
    _require_staff(actor, "create tasks")
    at = at or timezone.now()
    title = _clean_text(title, "title", 200, required=True)
    description = _clean_text(description, "description", 20000)
    billing_reference = _clean_text(billing_reference, "billing_reference", 200)
    subscription = _clean_text(subscription, "subscription", 200)
    hours = _clean_estimate(estimate_hours)
    priority = _clean_choice(priority or ticket.priority, Priority, "priority")
    names = (
        task_selectors.default_task_tags(ticket) if tags is None else services.clean_tag_names(tags)
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
        )
        if assignee is not None:
            _check_assignee(task, actor, assignee, names)
            task.assignee = assignee
        task.save()
        task.tags.set(services.tags_named(names))
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
    }
)


def update_task(task: Task, *, actor, **changes) -> Task:
    """Change the fields named in ``changes`` (never the stage: that is ``transition_task``).

    A new estimate clears the customer's approval of the old one; a blocked card needs a reason;
    the Spanish rule holds for the assignee under the new tags.
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
            task.kanban_state = state
            task.blocked_reason = reason if state == KanbanState.BLOCKED else ""
        names = [t.name for t in task.tags.all()]
        if "tags" in changes:
            names = services.clean_tag_names(changes["tags"])
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
            task.tags.set(services.tags_named(names))
    return task


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


# --- stage transitions --------------------------------------------------------------------------


def manual_transition_names() -> frozenset[str]:
    return frozenset(
        item.name for item in Task().get_all_stage_transitions() if item.custom.get("manual")
    )


def _not_allowed(task: Task, name: str, actor, message: str = "", **extra) -> TaskTransitionRefused:
    allowed = [item["name"] for item in available_task_transitions(task, actor)]
    message = message or (
        f"{_label(task)} cannot {name.replace('_', ' ')}: it is in "
        f"{task.get_stage_display()}. Allowed now: {', '.join(allowed) or 'none'}."
    )
    return TaskTransitionRefused(
        message, current_stage=task.stage, allowed_transitions=allowed, **extra
    )


def _uat_done_at(at: datetime) -> datetime:
    unit = (
        timers.Unit.BUSINESS_DAYS
        if settings.TASK_UAT_AUTO_DONE_BUSINESS_DAYS
        else timers.Unit.CALENDAR_DAYS
    )
    return timers.add_days(at, settings.TASK_UAT_AUTO_DONE_DAYS, unit)


def _validate_needs(name: str, comment: str, canceled_by: str) -> None:
    if name in NEEDS_TEXT and not comment:
        raise ValidationFailed(NEEDS_TEXT[name], fields={"comment": [NEEDS_TEXT[name]]})
    if name == "cancel" and canceled_by not in CanceledBy.values:
        raise ValidationFailed(
            "Say who canceled the task: the customer, the consultant or staff.",
            fields={"canceled_by": [f"Choose one of: {', '.join(CanceledBy.values)}."]},
        )


def _note_text(task: Task, name: str, source: str, actor, comment: str, warnings) -> str:
    item = next(t for t in task.get_all_stage_transitions() if t.name == name)
    label = item.custom.get("label", name)
    who = actor.get_username() if actor is not None else "the helpdesk"
    text = f"{_label(task)}: {Stage(source).label} → {task.get_stage_display()} ({label}) by {who}."
    if name == "cancel":
        text += f" Canceled by: {task.get_canceled_by_display()}."
    if comment:
        text += f"\n\n{comment}"
    for warning in warnings:
        text += f"\n\n**Warning:** {warning}"
    return text


def _customer_answer_text(task: Task, name: str, comment: str) -> str:
    if name == "accept_uat":
        return f"UAT OK: “{task.title}” works on staging; it may go to production."
    return f"UAT NOT OK for “{task.title}”. What is still wrong:\n\n{comment}"


def _notify_uat(task: Task, at: datetime) -> bool:
    """Tell the requester a task waits for their test (one mail per UAT spell)."""
    ticket = task.ticket
    return outbox.enqueue(
        kind=UAT_EMAIL,
        recipient=ticket.requester.email,
        template="tasks/emails/uat_requested",
        context={"task": task, "ticket": ticket, "ticket_url": notify.portal_url(ticket)},
        dedupe_key=f"task-uat:{task.pk}:{_iso(task.uat_since)}",
        ticket_number=ticket.pk,
        at=at,
    )


def transition_task(
    task: Task,
    *,
    actor,
    name: str,
    comment: str = "",
    canceled_by: str = "",
    expected_stage: str | None = None,
) -> TaskOutcome:
    """A person moves a task to another stage.

    Refusals are conflicts (409) whose message is the guard's own sentence. ``expected_stage``
    is the stage the person saw: if the task moved since, nothing is applied. Moving out of
    Development without any time logged goes through with a warning (when no timesheet app
    records time there is nothing to check, and no warning).
    """
    if name not in manual_transition_names():
        raise ValidationFailed(
            f"Unknown transition {name!r}.",
            fields={
                "transition": [f"Choose one of: {', '.join(sorted(manual_transition_names()))}."]
            },
        )
    comment = (comment or "").strip()
    _validate_needs(name, comment, canceled_by)
    at = timezone.now()
    with transaction.atomic():
        task = _lock(task.pk)
        if not (
            task_policies.can_work_tasks(actor)
            or (name in ("accept_uat", "reject_uat") and task_policies.can_answer_uat(actor, task))
        ):
            raise NotFound(f"Task {task.pk} was not found.")
        if expected_stage and task.stage != expected_stage:
            raise _not_allowed(
                task,
                name,
                actor,
                f"{_label(task)} changed while you were looking at it: it is now in "
                f"{task.get_stage_display()}. Nothing was applied.",
            )
        method = getattr(task, name)
        if not can_proceed(method, check_conditions=False):
            raise _not_allowed(task, name, actor)
        if not method._django_fsm.has_transition_perm(task, task.stage, actor):
            raise PermissionDenied(f"You may not {name.replace('_', ' ')} this task.")
        problems = refusals(task, name)
        if problems:
            raise _not_allowed(task, name, actor, " ".join(problems), refusals=problems)
        source = task.stage
        warnings = []
        if source == Stage.DEVELOPMENT and minutes_logged(task) == 0:
            warnings.append(NO_TIME_WARNING)
        if name == "send_to_uat":
            task.send_to_uat(at=at, done_at=_uat_done_at(at))
            task.uat_question = comment
        elif name == "cancel":
            task.cancel(at=at, by=canceled_by)
        else:
            method(at=at)
        task.updated_at = at
        task.save()
        _log(task, name, source, actor, comment, at)
        if roles.is_customer(actor):
            _ticket_note(task, actor, _customer_answer_text(task, name, comment), at)
        else:
            _ticket_note(task, actor, _note_text(task, name, source, actor, comment, warnings), at)
        if task.stage == Stage.UAT:
            _notify_uat(task, at)
    return TaskOutcome(task=task, warnings=warnings)


def answer_uat(task: Task, *, actor, ok: bool, comment: str = "") -> TaskOutcome:
    """The customer's answer from the portal: OK → Done; NOT OK (with what is still wrong) →
    back to Development, keeping its place in the queue."""
    return transition_task(
        task,
        actor=actor,
        name="accept_uat" if ok else "reject_uat",
        comment=comment,
        expected_stage=Stage.UAT,
    )


def _log(task: Task, name: str, source: str, actor, comment: str, at: datetime) -> None:
    TaskTransitionLog.objects.create(
        task=task,
        transition=name,
        from_stage=source,
        to_stage=task.stage,
        actor=actor,
        comment=comment,
        created_at=at,
    )


# --- the UAT timer (called by tickets.task_sweeps on rows it holds locked) -----------------------


def auto_done(task: Task, *, at: datetime | None = None) -> Task:
    """No UAT answer in time: Done, with a note on the task and the ticket."""
    at = at or timezone.now()
    if task.stage != Stage.UAT:
        return task
    since = task.uat_since or task.stage_changed_at
    note = (
        f"{_label(task)}: Done automatically — no UAT answer from the customer since "
        f"{_when(since)}."
    )
    task.auto_done(at=at)
    task.updated_at = at
    task.save()
    _log(task, "auto_done", Stage.UAT, None, note, at)
    _ticket_note(task, None, note, at)
    ticket = task.ticket
    outbox.enqueue(
        kind=AUTO_DONE_EMAIL,
        recipient=ticket.requester.email,
        template="tasks/emails/uat_auto_done",
        context={"task": task, "ticket": ticket, "ticket_url": notify.portal_url(ticket)},
        dedupe_key=f"task-auto-done:{task.pk}:{_iso(since)}",
        ticket_number=ticket.pk,
        at=at,
    )
    return task
