"""Lead times of engineering tasks (seed 000, decision 0029).

A task's lead time (``lead_time_due``) is when its work should be picked up. It is set when the
task is filed — by the person, by the template, or by default ``TASK_LEAD_TIME_BUSINESS_DAYS``
for its priority — and may be edited. Two things follow from it, both applied by the lead-time
sweep (``engineering.sweeps.LeadTimes``) on the row it holds locked:

- ``TASK_LEAD_TIME_NEAR_BUSINESS_DAYS`` business days before the lead time, the card turns blue
  (``lead_time_near_at`` records when; a yellow card's colour becomes blue, a purple change
  request keeps its colour and the board marks it near);
- at the lead time, a task nobody picked (no assignee) goes to the eligible developer with the
  fewest open tasks — a specialist in the task's app first (seed 001: an agent whose Experts
  topics name one of its tags or words of its title) — with a note on the ticket and an alert to
  that developer.

``lead_time_check_at`` is the next instant the sweep looks at the task: the blue instant, then
the lead time, then nothing. Each step moves it forward, so running the sweep twice changes
nothing the second time. Only tasks not yet delivered (Requirements, Development) are swept.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from helpdesk.core.calendar import business_days_after, business_days_before
from helpdesk.core.errors import ValidationFailed
from helpdesk.core.links import absolute_url
from helpdesk.notifications import events
from tickets.states import Priority

from .. import selectors as task_selectors
from ..models import Task
from ..states import CardColour, Stage
from ._common import _label, _ticket_note, _when

# The stages whose work is not yet delivered: the lead time matters here.
LEAD_TIME_STAGES = (Stage.REQUIREMENTS, Stage.DEVELOPMENT)
SWEPT_FIELDS = ["lead_time_check_at", "lead_time_near_at", "card_colour", "assignee"]


def default_business_days(priority: str) -> int:
    """The lead time of a new task of ``priority``, in business days (settings)."""
    table = settings.TASK_LEAD_TIME_BUSINESS_DAYS
    return int(table.get(priority, table.get(Priority.NORMAL, 5)))


def lead_time_after(start: datetime, business_days: int) -> datetime:
    return business_days_after(start, business_days)


def near_instant(due: datetime) -> datetime:
    """When a card with lead time ``due`` turns blue."""
    return business_days_before(due, settings.TASK_LEAD_TIME_NEAR_BUSINESS_DAYS)


def clean_lead_time(value) -> datetime | None:
    """An aware instant, or None; a naive one is read in the helpdesk's time zone."""
    if value in (None, ""):
        return None
    if not isinstance(value, datetime):
        raise ValidationFailed(
            "The lead time is a date and time.", fields={"lead_time_due": ["A date and time."]}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def same_minute(a: datetime | None, b: datetime | None) -> bool:
    """A form sends minutes: saving it unchanged must not move the lead time."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def clean_business_days(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if not 0 <= days <= 365:
        raise ValidationFailed(
            "The lead time is 0 to 365 business days.",
            fields={"lead_time_business_days": ["A whole number of business days, 0 to 365."]},
        )
    return days


def arm(task: Task, due: datetime | None, now: datetime) -> None:
    """Give ``task`` the lead time ``due`` (None: no lead time), in memory; the caller saves.

    A card the sweep turned blue for an earlier lead time goes back to yellow first; then, if
    the new lead time is already near, it turns blue at once rather than at the next sweep.
    """
    auto_blue = task.lead_time_near_at is not None and task.card_colour == CardColour.PRIORITY
    if auto_blue and task.priority != Priority.TOP:
        task.card_colour = CardColour.REGULAR
    task.lead_time_near_at = None
    task.lead_time_due = due
    task.lead_time_check_at = None
    if due is None:
        return
    task.lead_time_check_at = near_instant(due)
    if task.lead_time_check_at <= now:
        _turn_blue(task, now)


def _turn_blue(task: Task, now: datetime) -> None:
    task.lead_time_near_at = now
    if task.card_colour == CardColour.REGULAR:
        task.card_colour = CardColour.PRIORITY
    task.lead_time_check_at = task.lead_time_due


# --- the sweep's step (engineering.sweeps.LeadTimes, on a locked row) ---------------------------


def lead_time_step(task: Task, *, now: datetime | None = None) -> Task:
    """Blue when near; at the lead time, assign an unpicked task by workload. Idempotent."""
    now = now or timezone.now()
    due = task.lead_time_due
    if due is None or task.stage not in LEAD_TIME_STAGES:
        task.lead_time_check_at = None
    else:
        if task.lead_time_near_at is None and near_instant(due) <= now:
            _turn_blue(task, now)
        if due <= now:
            task.lead_time_check_at = None
            if task.assignee_id is None:
                _assign_by_workload(task, due, now)
        else:
            task.lead_time_check_at = due if task.lead_time_near_at else near_instant(due)
    task.save(update_fields=SWEPT_FIELDS)
    return task


def _assign_by_workload(task: Task, due: datetime, now: datetime) -> None:
    chosen = next(iter(task_selectors.suggested_developers(task)), None)
    if chosen is None:
        _ticket_note(
            task,
            None,
            f"{_label(task)} reached its lead time ({_when(due)}) and nobody has picked it: "
            "no eligible developer to assign it to. A lead should assign it.",
            now,
        )
        return
    task.assignee = chosen
    plural = "" if chosen.open_tasks == 1 else "s"
    special = (
        f", specialised in {', '.join(chosen.specialised_in)}" if chosen.specialised_in else ""
    )
    _ticket_note(
        task,
        None,
        f"{_label(task)} reached its lead time ({_when(due)}) unpicked: assigned to "
        f"{chosen.get_username()} by workload ({chosen.open_tasks} open task{plural}){special}.",
        now,
    )
    events.publish(
        events.Event(
            name=events.Name.TASK_ASSIGNED,
            at=now,
            dedupe_key=f"task-lead-time-assigned:{task.pk}:{due.isoformat()}",
            title=f"Task {task.pk} was assigned to you (lead time reached): {task.title}",
            ticket_number=task.ticket_id,
            url=absolute_url("desk-task", task.pk),
            recipients=(chosen.pk,),
            data={"task": task.pk, "ticket": task.ticket_id, "assignee": chosen.pk},
        )
    )
