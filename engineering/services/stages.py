"""Stage transitions of a task: by a person (desk, portal, API, admin) or by the UAT timer."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from helpdesk.core import fsm, roles
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox
from tickets import notify

from .. import policies as task_policies
from ..errors import TransitionNotAllowed
from ..hooks import minutes_logged
from ..models import Task, TaskTransitionLog
from ..selectors import available_task_transitions, release_settings
from ..states import UAT_ANSWERS, CanceledBy, Stage
from ..workflow import refusals
from ._common import (
    AUTO_DONE_EMAIL,
    NEEDS_TEXT,
    NO_TIME_WARNING,
    UAT_EMAIL,
    TaskOutcome,
    _iso,
    _label,
    _lock,
    _ticket_note,
    _when,
)
from .release import notify_released, uat_done_at, unchecked_refusals

# --- stage transitions --------------------------------------------------------------------------


def manual_transition_names() -> frozenset[str]:
    return fsm.manual_transition_names(Task, "stage")


def _not_allowed(task: Task, name: str, actor, message: str = "", **extra) -> TransitionNotAllowed:
    allowed = [item["name"] for item in available_task_transitions(task, actor)]
    message = message or (
        f"{_label(task)} cannot {name.replace('_', ' ')}: it is in "
        f"{task.get_stage_display()}. Allowed now: {', '.join(allowed) or 'none'}."
    )
    return fsm.refusal(message, field="stage", state=task.stage, allowed=allowed, **extra)


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
    if name in ("accept_uat", "accept_uat_to_mtp"):
        return f"UAT OK: “{task.title}” works on staging; it may go to production."
    return f"UAT NOT OK for “{task.title}”. What is still wrong:\n\n{comment}"


def _notify_uat(task: Task, at: datetime) -> bool:
    """Tell the requester a task waits for their test (one mail per UAT spell)."""
    ticket = task.ticket
    return outbox.enqueue(
        kind=UAT_EMAIL,
        recipient=ticket.requester.email,
        template="engineering/emails/uat_requested",
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
    fsm.check_manual(Task, "stage", name)
    comment = (comment or "").strip()
    _validate_needs(name, comment, canceled_by)
    at = timezone.now()
    with transaction.atomic():
        task = _lock(task.pk)
        if not (
            task_policies.can_work_tasks(actor)
            or (name in UAT_ANSWERS and task_policies.can_answer_uat(actor, task))
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
        if name == "send_to_uat" and not problems:
            problems = unchecked_refusals(task)  # seed 001: the solution is tested first
        if problems:
            raise _not_allowed(task, name, actor, " ".join(problems), refusals=problems)
        source = task.stage
        warnings = []
        if source == Stage.DEVELOPMENT and minutes_logged(task) == 0:
            warnings.append(NO_TIME_WARNING)
        if name == "send_to_uat":
            release = release_settings(task)  # the organization's window and MTP setting
            task.send_to_uat(at=at, done_at=uat_done_at(at, release), via_mtp=release.uses_mtp)
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
        elif name == "release":
            notify_released(task, at)
    return TaskOutcome(task=task, warnings=warnings)


def answer_uat(task: Task, *, actor, ok: bool, comment: str = "") -> TaskOutcome:
    """The customer's answer from the portal: OK → Done, or MTP when the task goes to
    production through it; NOT OK (with what is still wrong) → back to Development, keeping its
    place in the queue."""
    accept = "accept_uat_to_mtp" if task.release_via_mtp else "accept_uat"
    return transition_task(
        task,
        actor=actor,
        name=accept if ok else "reject_uat",
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


# --- the UAT timer (called by engineering.sweeps on rows it holds locked) -----------------------


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
        template="engineering/emails/uat_auto_done",
        context={"task": task, "ticket": ticket, "ticket_url": notify.portal_url(ticket)},
        dedupe_key=f"task-auto-done:{task.pk}:{_iso(since)}",
        ticket_number=ticket.pk,
        at=at,
    )
    return task
