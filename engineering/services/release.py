"""The end of seed 001's task flow: solution testing before UAT, the organization's UAT window,
Move to production and the customer's release notice.

- Solution testing: in Development a task carries a checklist (``selectors.checklist``): the PM
  tested the solution, then one item per known workflow of the customer's organization, which a
  lead runs through. ``send_to_uat`` is refused, naming what is unchecked, until all are ticked.
- The UAT window: the organization's profile may set its own (days, business or calendar);
  otherwise ``TASK_UAT_AUTO_DONE_DAYS`` / ``_BUSINESS_DAYS``. The due instant is computed once,
  on entering UAT, and stored on the task (``uat_done_at``) for the sweep.
- MTP: for an organization that uses it, the UAT OK moves the task to MTP; a lead's release
  moves it to Done and emails the customer "released to production" (outbox, one per release).
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from helpdesk.core import fsm
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox
from tickets import notify, timers

from .. import policies as task_policies
from ..models import SolutionCheck, Task
from ..selectors import PM_CHECK, ReleaseSettings, available_task_transitions, checklist
from ..states import Stage
from ._common import _label, _lock, _require_staff, _ticket_note

RELEASED_EMAIL = "task_released"


# --- the UAT window ---------------------------------------------------------------------------


def uat_done_at(at: datetime, release: ReleaseSettings) -> datetime:
    """When a task entering UAT at ``at`` is done without an answer: the organization's window,
    or the helpdesk's default."""
    if release.uat_window_days:
        days, business = release.uat_window_days, release.uat_window_business_days
    else:
        days = settings.TASK_UAT_AUTO_DONE_DAYS
        business = settings.TASK_UAT_AUTO_DONE_BUSINESS_DAYS
    unit = timers.Unit.BUSINESS_DAYS if business else timers.Unit.CALENDAR_DAYS
    return timers.add_days(at, days, unit)


# --- solution testing -------------------------------------------------------------------------


def unchecked_refusals(task: Task) -> list[str]:
    """Why ``send_to_uat`` is refused for want of solution testing (empty: all ticked)."""
    missing = [item.label for item in checklist(task) if not item.checked]
    if not missing:
        return []
    listed = "; ".join(f"“{label}”" for label in missing)
    return [
        f"{_label(task)} cannot go to UAT before the solution is tested: tick {listed} on the "
        "task's solution-testing checklist first."
    ]


def check_item(task: Task, *, actor, item: str, checked: bool = True) -> Task:
    """Tick (or untick) an item of the task's solution-testing checklist. Agents tick the PM's
    test; a lead ticks the customer's known workflows (seed 001: "the support lead will run
    through the known workflows"). Only in Development; ticking twice changes nothing."""
    _require_staff(actor, "test a solution")
    at = timezone.now()
    with transaction.atomic():
        task = _lock(task.pk)
        if task.stage != Stage.DEVELOPMENT:
            raise fsm.refusal(
                f"{_label(task)} is in {task.get_stage_display()}: the solution-testing "
                "checklist is ticked in Development, before the task goes to UAT.",
                field="stage",
                state=task.stage,
                allowed=[t["name"] for t in available_task_transitions(task, actor)],
            )
        items = {entry.key: entry for entry in checklist(task)}
        entry = items.get(item)
        if entry is None:
            raise ValidationFailed(
                "That is not an item of this task's checklist (the organization's known "
                "workflows may have changed: reload the page).",
                fields={"item": ["Not an item of this checklist."]},
            )
        if entry.kind == "workflow" and not task_policies.can_check_workflows(actor):
            raise PermissionDenied(
                "A lead runs through the customer's known workflows: ask a lead to tick "
                f"“{entry.label}”."
            )
        if not checked:
            SolutionCheck.objects.filter(task=task, item=item).delete()
            return task
        if entry.checked:
            return task
        try:
            with transaction.atomic():
                SolutionCheck.objects.update_or_create(
                    task=task,
                    item=item,
                    defaults={"label": entry.label, "checked_by": actor, "checked_at": at},
                )
        except IntegrityError:  # ticked by someone else at the same instant: ticked
            pass
        who = actor.get_username()
        what = "tested the solution" if item == PM_CHECK else f"ran “{entry.label}”"
        _ticket_note(task, actor, f"{_label(task)}: {who} {what} (solution testing).", at)
    return task


# --- the release ------------------------------------------------------------------------------


def notify_released(task: Task, at: datetime) -> bool:
    """Tell the requester the change is live in production (one email per release)."""
    ticket = task.ticket
    return outbox.enqueue(
        kind=RELEASED_EMAIL,
        recipient=ticket.requester.email,
        template="engineering/emails/released",
        context={"task": task, "ticket": ticket, "ticket_url": notify.portal_url(ticket)},
        dedupe_key=f"task-released:{task.pk}:{task.stage_changed_at.isoformat()}",
        ticket_number=ticket.pk,
        at=at,
    )
