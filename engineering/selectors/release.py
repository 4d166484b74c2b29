"""Reads of seed 001's release: the organization's release settings, the solution-testing
checklist, and the offer to resolve a ticket whose tasks are all finished."""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from tickets.models import OrganizationProfile
from tickets.states import Status

from ..models import SolutionCheck, Task
from ..states import FINISHED_STAGES

PM_CHECK = "pm"
PM_CHECK_LABEL = "PM tested the solution against what was agreed with the customer"
_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(?P<text>\S.*)$")
WORKFLOWS_AS_ONE = "The known workflows in the organization's profile"


@dataclass(frozen=True)
class ReleaseSettings:
    """How an organization's work is released: MTP or not, the UAT window, known workflows."""

    uses_mtp: bool = False
    uat_window_days: int | None = None
    uat_window_business_days: bool = False
    known_workflows: str = ""


def release_settings(task: Task) -> ReleaseSettings:
    """The settings of the organization of the task's ticket (one query; defaults without a
    profile)."""
    row = (
        OrganizationProfile.objects.filter(organization__tickets__id=task.ticket_id)
        .values("uses_mtp", "uat_window_days", "uat_window_business_days", "known_workflows")
        .first()
    )
    return ReleaseSettings(**row) if row else ReleaseSettings()


def workflow_items(known_workflows: str) -> list[tuple[str, str]]:
    """The checklist items of an organization's known workflows (Markdown): one per list line
    (``- …``, ``* …``, ``1. …``, task-list boxes dropped), duplicates once. Text without a list
    is one item. Each is ``(key, label)``; the key is a digest of the words, so editing a
    workflow's wording makes it a new, unticked item."""
    labels: list[str] = []
    for line in (known_workflows or "").splitlines():
        match = _LIST_LINE.match(line)
        label = " ".join(match["text"].split())[:300] if match else ""
        if label and label not in labels:
            labels.append(label)
    if not labels and (known_workflows or "").strip():
        labels = [WORKFLOWS_AS_ONE]
    return [(f"workflow:{_digest(label)}", label) for label in labels]


def _digest(text: str) -> str:
    return hashlib.sha256(text.casefold().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    kind: str  # "pm" or "workflow"
    checked_by: str = ""
    checked_at: datetime | None = None

    @property
    def checked(self) -> bool:
        return self.checked_at is not None


def checklist(task: Task, settings: ReleaseSettings | None = None) -> list[ChecklistItem]:
    """The task's solution-testing checklist (seed 001), ticked or not: the PM's test, then one
    item per known workflow. A tick counts only when given in the task's current spell in
    Development (``stage_changed_at``): work sent back is tested again. Two queries."""
    settings = settings or release_settings(task)
    items = [(PM_CHECK, PM_CHECK_LABEL, "pm")]
    items += [(key, label, "workflow") for key, label in workflow_items(settings.known_workflows)]
    ticks = {
        check.item: check
        for check in SolutionCheck.objects.filter(
            task=task, checked_at__gte=task.stage_changed_at
        ).select_related("checked_by")
    }
    result = []
    for key, label, kind in items:
        tick = ticks.get(key)
        result.append(
            ChecklistItem(
                key,
                label,
                kind,
                tick.checked_by.get_username() if tick else "",
                tick.checked_at if tick else None,
            )
        )
    return result


def finished_tasks_offer(ticket, tasks: list[Task] | None = None) -> bool:
    """Seed 001 "Done: the helpdesk ticket is closed": offer to resolve a ticket that is not
    resolved or closed when it has tasks and every one is Done or Canceled. ``tasks``: the
    ticket's tasks when the caller has them (else one query)."""
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        return False
    if tasks is None:
        stages = set(Task.objects.filter(ticket=ticket).values_list("stage", flat=True))
    else:
        stages = {task.stage for task in tasks}
    return bool(stages) and stages <= FINISHED_STAGES
