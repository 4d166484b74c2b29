"""What the engineering services share: locking a task, the parent ticket's timeline, cleaning
what people type."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from helpdesk.core import fsm
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tickets import services as ticket_services

from .. import policies as task_policies
from ..models import Task

NO_TIME_WARNING = "No time was logged in Development."
MAX_ESTIMATE_HOURS = Decimal("9999")
UAT_EMAIL = "task_uat_requested"
AUTO_DONE_EMAIL = "task_uat_auto_done"
# What a transition asks of the person, and how the refusal words it when it is missing.
NEEDS_TEXT = {
    "send_to_uat": "Tell the customer what to test on staging.",
    "reject_uat": "Say what is still wrong.",
    "follow_up": "Give the reason: how the follow-up relates to the original request.",
    "return_to_development": "Say what stops the release to production.",
}


@dataclass(frozen=True)
class TaskOutcome:
    """A transition that went through, and what the person should still know about it."""

    task: Task
    warnings: list[str] = field(default_factory=list)


def _lock(task_id: int) -> Task:
    return fsm.lock(Task, task_id, "Task")


def _require_staff(actor, what: str) -> None:
    if not task_policies.can_work_tasks(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def _iso(instant: datetime | None) -> str:
    return instant.astimezone(UTC).isoformat() if instant else "-"


def _when(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%a %d %b %Y %H:%M %Z")


# --- the parent ticket's timeline ---------------------------------------------------------------


def _ticket_note(task: Task, actor, body: str, at: datetime) -> None:
    ticket_services.note_linked_work(task.ticket, actor=actor, body=body, at=at)


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
