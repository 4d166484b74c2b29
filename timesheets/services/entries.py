"""Time entries: log, edit and delete. A billable entry on a ticket draws down its
organization's support pack valid on the entry's date (``packs.draw``)."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from engineering.models import Task
from helpdesk.core import roles
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from tickets.models import Ticket

from .. import policies
from ..models import TimeEntry
from ..states import NEVER_BILLABLE
from ._common import (
    clean_activity,
    clean_billable,
    clean_date,
    clean_minutes,
    require_agent,
    target,
)
from .packs import draw, lock_packs

UNSET = object()


def log_time(
    *,
    actor,
    minutes,
    activity: str,
    ticket: Ticket | None = None,
    task: Task | None = None,
    agent=None,
    date: date | None = None,
    billable: bool | None = None,
    note: str = "",
    at: datetime | None = None,
) -> TimeEntry:
    """An agent logs time on a ticket or task (or self-learning on nothing). ``billable`` None
    means the activity's default: billable, except self-learning which never is."""
    require_agent(actor, "log time")
    agent = agent or actor
    if not policies.can_log_for(actor, agent) or not roles.is_agent(agent):
        raise PermissionDenied("You may log only your own time; leads may log for agents.")
    activity = clean_activity(activity)
    minutes = clean_minutes(minutes)
    billable = clean_billable(activity, billable)
    day = clean_date(date)
    ticket, task = target(ticket, task, activity)
    at = at or timezone.now()
    with transaction.atomic():
        entry = TimeEntry(
            agent=agent,
            ticket=ticket,
            task=task,
            date=day,
            minutes=minutes,
            activity=activity,
            billable=billable,
            note=(note or "").strip(),
            created_at=at,
            updated_at=at,
        )
        org = ticket.organization_id if ticket and billable else None
        packs = lock_packs(org, day)
        draw(entry, packs, at)
    return entry


def _lock_entry(entry_id: int) -> TimeEntry:
    try:
        return (
            TimeEntry.objects.select_for_update(of=("self",))
            .select_related("ticket")
            .get(pk=entry_id)
        )
    except TimeEntry.DoesNotExist:
        raise NotFound(f"Time entry {entry_id} was not found.") from None


def update_entry(
    entry: TimeEntry,
    *,
    actor,
    minutes=UNSET,
    activity=UNSET,
    billable=UNSET,
    date=UNSET,
    note=UNSET,
) -> TimeEntry:
    """Change an entry (not its ticket or task: delete it and log anew). An agent edits only
    their own entries; a lead any. The pack it draws is chosen again for its new date."""
    require_agent(actor, "edit time entries")
    at = timezone.now()
    with transaction.atomic():
        entry = _lock_entry(entry.pk)
        if not policies.can_edit_entry(actor, entry):
            raise PermissionDenied("You may edit only your own time entries; leads edit all.")
        old = (entry.support_pack_id, entry.minutes)
        if activity is not UNSET:
            entry.activity = clean_activity(activity)
            if billable is UNSET and entry.activity in NEVER_BILLABLE:
                billable = False
        if minutes is not UNSET:
            entry.minutes = clean_minutes(minutes)
        if date is not UNSET:
            entry.date = clean_date(date)
        if billable is not UNSET:
            entry.billable = clean_billable(entry.activity, billable)
        else:
            entry.billable = clean_billable(entry.activity, entry.billable)
        if entry.ticket_id is None and entry.activity not in NEVER_BILLABLE:
            raise ValidationFailed(
                "An entry without a ticket can only be self-learning.",
                fields={"activity": ["Only self-learning may have no ticket."]},
            )
        if note is not UNSET:
            entry.note = (note or "").strip()
        entry.updated_at = at
        org = entry.ticket.organization_id if entry.billable and entry.ticket is not None else None
        packs = lock_packs(org, entry.date, old[0])
        draw(entry, packs, at, old=old)
    return entry


def delete_entry(entry: TimeEntry, *, actor) -> None:
    """Delete an entry: its agent or a lead. The minutes go back to the pack it drew from
    (usage is summed from the entries); no email is sent for going back under a line."""
    require_agent(actor, "delete time entries")
    with transaction.atomic():
        entry = _lock_entry(entry.pk)
        if not policies.can_edit_entry(actor, entry):
            raise PermissionDenied("You may delete only your own time entries; leads delete all.")
        entry.delete()
