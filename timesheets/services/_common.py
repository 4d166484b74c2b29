"""Helpers shared by the timesheets services: permission, input cleaning, the agent lock, and
the day and clock formats of their messages."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format

from engineering.models import Task
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tickets.models import Ticket

from .. import policies, selectors
from ..states import NEVER_BILLABLE, Activity

MAX_MINUTES = 24 * 60
# How far back time may be logged or corrected: a year covers any month-end or audit fix-up.
BACKDATE_DAYS = 366


def local_day(instant: datetime) -> date:
    return timezone.localtime(instant).date()


def format_day(value: date) -> str:
    return date_format(value, "D j M Y")


def format_clock(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%H:%M")


def require_agent(actor, what: str) -> None:
    if not policies.can_log_time(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def lock_agent(agent) -> None:
    """Timers and calls of one agent are serialized on the agent's user row (one timer per
    agent, one call per agent and day)."""
    get_user_model().objects.select_for_update().filter(pk=agent.pk).values_list("pk").first()


def clean_minutes(minutes) -> int:
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= MAX_MINUTES:
        raise ValidationFailed(
            "Minutes must be a whole number from 1 to 1440 (24 hours).",
            fields={"minutes": ["A whole number of minutes from 1 to 1440."]},
        )
    return value


def clean_activity(activity) -> str:
    if activity not in Activity.values:
        raise ValidationFailed(
            f"Unknown activity {activity!r}.",
            fields={"activity": [f"Choose one of: {', '.join(Activity.values)}."]},
        )
    return activity


def clean_billable(activity: str, billable: bool | None) -> bool:
    if activity in NEVER_BILLABLE:
        if billable:
            raise ValidationFailed(
                "Self-learning is internal time and never billable.",
                fields={"billable": ["Self-learning is never billable: untick Billable."]},
            )
        return False
    return True if billable is None else bool(billable)


def clean_date(value: date | None) -> date:
    value = value or selectors.today()
    if value > selectors.today():
        raise ValidationFailed(
            "Time is logged for today or an earlier day, not in advance.",
            fields={"date": ["Choose today or an earlier day."]},
        )
    if value < selectors.today() - timedelta(days=BACKDATE_DAYS):
        raise ValidationFailed(
            "Time is logged for the last twelve months at most.",
            fields={"date": ["Choose a day of the last twelve months."]},
        )
    return value


def target(ticket: Ticket | None, task: Task | None, activity: str) -> tuple:
    """(ticket, task): a task's entry names its ticket; only self-learning may name neither."""
    if task is not None:
        if ticket is not None and task.ticket_id != ticket.pk:
            raise ValidationFailed(
                f"Task {task.pk} belongs to ticket #{task.ticket_id}, not #{ticket.pk}.",
                fields={"task": ["Choose a task of this ticket."]},
            )
        ticket = task.ticket
    if ticket is None and activity not in NEVER_BILLABLE:
        raise ValidationFailed(
            "Say which ticket (or task) the time was for; only self-learning may have none.",
            fields={"ticket": ["Choose a ticket, or log it as self-learning."]},
        )
    return ticket, task
