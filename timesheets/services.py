"""Every write on time: entries, timers, support-pack draw-down, technical calls, follow-ups.

Each service is one transaction with its permission check and row locks. A billable entry on a
ticket draws down its organization's support pack valid on the entry's date: the packs are locked
(``select_for_update``, always in id order) while the entry is written, so the usage before and
after the entry is exact even when two agents log time at once, and crossing the warning (80%)
or the 100% line writes exactly one outbox row per pack and threshold (``pack-80:<pack id>``).
"""

import logging
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from engineering.models import Task
from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox
from tickets import services as tickets
from tickets.models import CustomerProfile, Ticket

from . import policies, selectors
from .models import FollowUp, RunningTimer, SupportPack, TechnicalCall, TimeEntry
from .states import NEVER_BILLABLE, Activity, CallStatus

logger = logging.getLogger(__name__)

MAX_MINUTES = 24 * 60
TECHNICAL_CALL_TAG = "Technical Call"


class CallDayTaken(Conflict):
    code = "call_day_taken"


class TooEarly(Conflict):
    code = "too_early"


# --- helpers ---------------------------------------------------------------------------------


def _local_day(instant: datetime) -> date:
    return timezone.localtime(instant).date()


def _day(value: date) -> str:
    return date_format(value, "D j M Y")


def _clock(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%H:%M")


def duration(minutes: int) -> str:
    """``95`` → ``1 h 35 min``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _require_agent(actor, what: str) -> None:
    if not policies.can_log_time(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def _clean_minutes(minutes) -> int:
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


def _clean_activity(activity) -> str:
    if activity not in Activity.values:
        raise ValidationFailed(
            f"Unknown activity {activity!r}.",
            fields={"activity": [f"Choose one of: {', '.join(Activity.values)}."]},
        )
    return activity


def _clean_billable(activity: str, billable: bool | None) -> bool:
    if activity in NEVER_BILLABLE:
        if billable:
            raise ValidationFailed(
                "Self-learning is internal time and never billable.",
                fields={"billable": ["Self-learning is never billable: untick Billable."]},
            )
        return False
    return True if billable is None else bool(billable)


# How far back time may be logged or corrected: a year covers any month-end or audit fix-up.
BACKDATE_DAYS = 366
# How far ahead a call may be booked.
CALL_AHEAD_DAYS = 366


def _clean_date(value: date | None) -> date:
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


def _target(ticket: Ticket | None, task: Task | None, activity: str) -> tuple:
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


# --- support packs ---------------------------------------------------------------------------


def _lock_packs(organization_id: int | None, on: date, *also: int | None) -> list[SupportPack]:
    """The packs valid for an organization on a day (plus ``also`` by id), locked in id order
    so two writers never wait on each other crosswise; sorted oldest-expiring first."""
    condition = Q(pk__in=[pk for pk in also if pk])
    if organization_id is not None:
        condition |= Q(organization_id=organization_id, valid_from__lte=on, valid_until__gte=on)
    packs = list(SupportPack.objects.select_for_update().filter(condition).order_by("id"))
    return sorted(packs, key=lambda p: (p.valid_until, p.valid_from, p.pk))


def _choose_pack(packs: list[SupportPack], organization_id: int, on: date, used: dict):
    """The valid pack expiring first that has hours left; when all are used up, the one valid
    longest (it is overdrawn: the entry still records and reports say "overdrawn")."""
    valid = [
        p
        for p in packs
        if p.organization_id == organization_id and p.valid_from <= on <= p.valid_until
    ]
    for pack in valid:
        if used.get(pack.pk, 0) < pack.hours * 60:
            return pack
    return valid[-1] if valid else None


def _pack_recipients(pack: SupportPack) -> list[tuple[str, str]]:
    """(email, dedupe suffix): the pack's consultant; without one, the organization's managers
    (they bought the pack and can renew it); nobody at all is logged as a warning."""
    if pack.consultant_id:
        return [(pack.consultant.email, "")]
    managers = CustomerProfile.objects.filter(
        organization_id=pack.organization_id, is_manager=True
    ).select_related("user")
    found = [(p.user.email, f":manager:{p.user_id}") for p in managers if p.user.email]
    if not found:
        logger.warning(
            "Support pack %s of %s has no consultant and the organization no manager with an "
            "email: nobody is told it is running out.",
            pack.pk,
            pack.organization_id,
        )
    return found


def _notify_thresholds(pack: SupportPack, before: int, after: int, at: datetime) -> list[str]:
    """Outbox rows for each threshold this change crossed upwards (only the highest one)."""
    total = pack.hours * 60
    warn = settings.HELPDESK_PACK_WARNING_PERCENT
    crossed = [t for t in (100, warn) if before * 100 < t * total <= after * 100]
    if not crossed:
        return []
    threshold = crossed[0]
    kind = "support_pack_used_up" if threshold >= 100 else "support_pack_warning"
    keys = []
    for email, suffix in _pack_recipients(pack):
        key = f"pack-{threshold}:{pack.pk}{suffix}"
        outbox.enqueue(
            kind=kind,
            recipient=email,
            template="timesheets/emails/pack_threshold",
            context={
                "pack": pack,
                "organization": pack.organization,
                "threshold": threshold,
                "percent": int(after * 100 / total),
                "used": duration(after),
                "left": duration(max(total - after, 0)),
                "overdrawn": duration(after - total) if after > total else "",
                "hours": pack.hours,
            },
            dedupe_key=key,
            at=at,
        )
        keys.append(key)
    return keys


def _draw(entry: TimeEntry, packs: list[SupportPack], at: datetime, *, old: tuple | None = None):
    """Point a billable entry at its pack, save it, and notify on crossings.

    ``old`` is (pack id, minutes) the entry drew before an edit, so the usage "before" of that
    pack is measured without this entry's new minutes.
    """
    pack_ids = [p.pk for p in packs]
    used = selectors.used_minutes(pack_ids)
    if old and old[0] in used:
        used[old[0]] -= old[1]  # the usage without this entry
    pack = None
    if entry.billable and entry.ticket_id:
        pack = _choose_pack(packs, entry.ticket.organization_id, entry.date, used)
    entry.support_pack = pack
    entry.save()
    if pack is not None:
        before = used.get(pack.pk, 0)
        _notify_thresholds(pack, before, before + entry.minutes, at)
    return entry


# --- time entries ----------------------------------------------------------------------------


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
    _require_agent(actor, "log time")
    agent = agent or actor
    if not policies.can_log_for(actor, agent) or not roles.is_agent(agent):
        raise PermissionDenied("You may log only your own time; leads may log for agents.")
    activity = _clean_activity(activity)
    minutes = _clean_minutes(minutes)
    billable = _clean_billable(activity, billable)
    day = _clean_date(date)
    ticket, task = _target(ticket, task, activity)
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
        packs = _lock_packs(org, day)
        _draw(entry, packs, at)
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


UNSET = object()


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
    _require_agent(actor, "edit time entries")
    at = timezone.now()
    with transaction.atomic():
        entry = _lock_entry(entry.pk)
        if not policies.can_edit_entry(actor, entry):
            raise PermissionDenied("You may edit only your own time entries; leads edit all.")
        old = (entry.support_pack_id, entry.minutes)
        if activity is not UNSET:
            entry.activity = _clean_activity(activity)
            if billable is UNSET and entry.activity in NEVER_BILLABLE:
                billable = False
        if minutes is not UNSET:
            entry.minutes = _clean_minutes(minutes)
        if date is not UNSET:
            entry.date = _clean_date(date)
        if billable is not UNSET:
            entry.billable = _clean_billable(entry.activity, billable)
        else:
            entry.billable = _clean_billable(entry.activity, entry.billable)
        if entry.ticket_id is None and entry.activity not in NEVER_BILLABLE:
            raise ValidationFailed(
                "An entry without a ticket can only be self-learning.",
                fields={"activity": ["Only self-learning may have no ticket."]},
            )
        if note is not UNSET:
            entry.note = (note or "").strip()
        entry.updated_at = at
        org = entry.ticket.organization_id if entry.ticket_id and entry.billable else None
        packs = _lock_packs(org, entry.date, old[0])
        _draw(entry, packs, at, old=old)
    return entry


def delete_entry(entry: TimeEntry, *, actor) -> None:
    _require_agent(actor, "delete time entries")
    with transaction.atomic():
        entry = _lock_entry(entry.pk)
        if not policies.can_edit_entry(actor, entry):
            raise PermissionDenied("You may delete only your own time entries; leads delete all.")
        entry.delete()


# --- the timer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimerOutcome:
    timer: RunningTimer | None
    logged: TimeEntry | None = None


def _lock_agent(agent) -> None:
    """Timers of one agent are serialized on the agent's user row (one timer per agent)."""
    get_user_model().objects.select_for_update().filter(pk=agent.pk).values_list("pk").first()


def _stop(timer: RunningTimer, at: datetime) -> TimeEntry:
    seconds = max((at - timer.started_at).total_seconds(), 0)
    minutes = max(1, math.ceil(seconds / 60))
    note = f"Timer {_clock(timer.started_at)}–{_clock(at)}"
    if minutes > MAX_MINUTES:
        minutes = MAX_MINUTES
        note += " (ran over 24 h: capped at 24 h, correct it if needed)"
    task = timer.task
    ticket = task.ticket if task is not None else timer.ticket
    entry = TimeEntry(
        agent_id=timer.agent_id,
        ticket=ticket,
        task=task,
        date=_local_day(timer.started_at),
        minutes=minutes,
        activity=timer.activity,
        billable=timer.activity not in NEVER_BILLABLE,
        note=note + ".",
        created_at=at,
        updated_at=at,
    )
    org = ticket.organization_id if ticket is not None and entry.billable else None
    _draw(entry, _lock_packs(org, entry.date), at)
    timer.delete()
    return entry


def start_timer(
    *, actor, activity: str, ticket: Ticket | None = None, task: Task | None = None
) -> TimerOutcome:
    """Start the agent's timer on a ticket or task. One timer per agent: a timer running
    elsewhere is stopped and its time logged first. Starting it again where it runs is a no-op."""
    _require_agent(actor, "start a timer")
    activity = _clean_activity(activity)
    ticket, task = _target(ticket, task, Activity.RESEARCH)
    at = timezone.now()
    with transaction.atomic():
        _lock_agent(actor)
        current = RunningTimer.objects.select_related("task__ticket", "ticket").filter(agent=actor)
        current = current.first()
        logged = None
        if current is not None:
            same = current.ticket_id == ticket.pk and current.task_id == (task.pk if task else None)
            if same and current.activity == activity:
                return TimerOutcome(timer=current)
            logged = _stop(current, at)
        timer = RunningTimer.objects.create(
            agent=actor, ticket=ticket, task=task, activity=activity, started_at=at
        )
    return TimerOutcome(timer=timer, logged=logged)


def stop_timer(*, actor, at: datetime | None = None) -> TimeEntry:
    """Stop the agent's timer and log its time, rounded up to the minute (at least 1)."""
    _require_agent(actor, "stop a timer")
    at = at or timezone.now()
    with transaction.atomic():
        _lock_agent(actor)
        timer = (
            RunningTimer.objects.select_related("task__ticket", "ticket")
            .filter(agent=actor)
            .first()
        )
        if timer is None:
            raise Conflict("Your timer is not running (it was stopped already).")
        return _stop(timer, at)


def discard_timer(*, actor) -> None:
    """Throw the running timer away without logging anything (started by mistake)."""
    _require_agent(actor, "discard a timer")
    with transaction.atomic():
        _lock_agent(actor)
        deleted, _ = RunningTimer.objects.filter(agent=actor).delete()
        if not deleted:
            raise Conflict("Your timer is not running.")


# --- technical calls -------------------------------------------------------------------------


def _day_taken(agent, day: date) -> CallDayTaken:
    name = agent.get_full_name() or agent.get_username()
    return CallDayTaken(
        f"{name} already has a technical call on {_day(day)}. Book at most one call per day "
        "(seed 000): choose another day, or cancel that call first.",
        fields={"scheduled_at": [f"{name} already has a call that day."]},
    )


def _has_call_that_day(agent, day: date) -> bool:
    live = TechnicalCall.objects.filter(agent=agent, scheduled_on=day)
    return live.exclude(status=CallStatus.CANCELED).exists()


def _lock_call(call_id: int) -> TechnicalCall:
    try:
        return (
            TechnicalCall.objects.select_for_update(of=("self",))
            .select_related("ticket", "agent")
            .get(pk=call_id)
        )
    except TechnicalCall.DoesNotExist:
        raise NotFound(f"Call {call_id} was not found.") from None


def schedule_call(
    *,
    actor,
    ticket: Ticket,
    scheduled_at: datetime,
    agent=None,
    task: Task | None = None,
    note: str = "",
) -> TechnicalCall:
    """Book a call with the customer on a ticket. At most one call per agent per day: refused
    with the reason (409), also when two bookings race (the database's unique index)."""
    _require_agent(actor, "schedule calls")
    agent = agent or actor
    if not policies.can_schedule_call_for(actor, agent):
        raise PermissionDenied("You may book calls for yourself; leads book for any agent.")
    if scheduled_at is None or timezone.is_naive(scheduled_at):
        raise ValidationFailed(
            "Give the date and time of the call.",
            fields={"scheduled_at": ["A date and a time."]},
        )
    at = timezone.now()
    if scheduled_at <= at:
        raise ValidationFailed(
            "A call is booked for a time that has not passed yet.",
            fields={"scheduled_at": ["Choose a time in the future."]},
        )
    if scheduled_at > at + timedelta(days=CALL_AHEAD_DAYS):
        raise ValidationFailed(
            "A call is booked at most a year ahead.",
            fields={"scheduled_at": ["Choose a time within the next twelve months."]},
        )
    if task is not None and task.ticket_id != ticket.pk:
        raise ValidationFailed(
            "The task belongs to another ticket.", fields={"task": ["A task of this ticket."]}
        )
    day = _local_day(scheduled_at)
    with transaction.atomic():
        _lock_agent(agent)
        if _has_call_that_day(agent, day):
            raise _day_taken(agent, day)
        try:
            with transaction.atomic():
                call = TechnicalCall.objects.create(
                    ticket=ticket,
                    task=task,
                    agent=agent,
                    scheduled_at=scheduled_at,
                    scheduled_on=day,
                    note=(note or "").strip(),
                    created_by=actor,
                    created_at=at,
                )
        except IntegrityError:
            raise _day_taken(agent, day) from None
        name = agent.get_full_name() or agent.get_username()
        body = f"Technical call booked for {_day(day)} at {_clock(scheduled_at)} with {name}."
        if call.note:
            body += f"\n\n{call.note}"
        tickets.add_internal_note(ticket, actor=actor, body=body)
        tickets.change_tags(ticket, actor=actor, add=[TECHNICAL_CALL_TAG])  # case-blind
    return call


def _require_scheduled(call: TechnicalCall) -> None:
    if call.status != CallStatus.SCHEDULED:
        raise Conflict(
            f"The call is {call.get_status_display().lower()} already; nothing was changed.",
            current_status=call.status,
        )


def cancel_call(call: TechnicalCall, *, actor, reason: str = "") -> TechnicalCall:
    """Cancel a booked call; the day is free again for another call."""
    with transaction.atomic():
        call = _lock_call(call.pk)
        if not policies.can_handle_call(actor, call):
            raise PermissionDenied("Only the call's agent or a lead may cancel it.")
        _require_scheduled(call)
        call.status = CallStatus.CANCELED
        call.save(update_fields=["status"])
        when = f"{_day(call.scheduled_on)} at {_clock(call.scheduled_at)}"
        body = f"Technical call of {when} canceled."
        if reason.strip():
            body += f"\n\n{reason.strip()}"
        tickets.add_internal_note(call.ticket, actor=actor, body=body)
    return call


def _follow_up(call: TechnicalCall, due_on: date, note: str, at: datetime) -> FollowUp:
    return FollowUp.objects.create(
        ticket=call.ticket, agent=call.agent, due_on=due_on, note=note, call=call, created_at=at
    )


def call_held(
    call: TechnicalCall, *, actor, minutes=60, note: str = "", at: datetime | None = None
) -> TimeEntry:
    """The call took place: its time is logged as a call entry, and a follow-up activity is
    planned a week later (seed 000: "Set Activity to follow up on the ticket")."""
    at = at or timezone.now()
    with transaction.atomic():
        call = _lock_call(call.pk)
        if not policies.can_handle_call(actor, call):
            raise PermissionDenied("Only the call's agent or a lead may record the call.")
        _require_scheduled(call)
        if at < call.scheduled_at:
            raise TooEarly(
                f"The call starts at {_clock(call.scheduled_at)} on {_day(call.scheduled_on)}; "
                "record it after it took place."
            )
        entry = log_time(
            actor=actor,
            agent=call.agent,
            ticket=call.ticket,
            task=call.task,
            date=call.scheduled_on,
            minutes=minutes,
            activity=Activity.CALL,
            note=note or "Technical call with the customer.",
            at=at,
        )
        call.status = CallStatus.HELD
        call.save(update_fields=["status"])
        due = call.scheduled_on + timedelta(days=settings.HELPDESK_FOLLOW_UP_DAYS)
        _follow_up(call, due, "Follow up on the technical call.", at)
    return entry


def no_show_allowed_at(call: TechnicalCall) -> datetime:
    """When "customer did not show" may be recorded: the agent waits first (seed 000)."""
    return call.scheduled_at + timedelta(minutes=settings.HELPDESK_CALL_NO_SHOW_WAIT_MINUTES)


def customer_no_show(
    call: TechnicalCall, *, actor, waited_minutes=None, at: datetime | None = None
) -> TimeEntry:
    """The customer did not come: allowed once the configured wait (15 min) has passed. The
    waited minutes are logged as call time, the ticket gets an internal note, and a follow-up
    (ask the consultant whether the customer wants to reschedule) is due today."""
    at = at or timezone.now()
    wait = settings.HELPDESK_CALL_NO_SHOW_WAIT_MINUTES
    with transaction.atomic():
        call = _lock_call(call.pk)
        if not policies.can_handle_call(actor, call):
            raise PermissionDenied("Only the call's agent or a lead may record a no-show.")
        _require_scheduled(call)
        allowed_at = no_show_allowed_at(call)
        if at < allowed_at:
            raise TooEarly(
                f"Wait {wait} minutes for the customer (seed 000): you can record a no-show "
                f"from {_clock(allowed_at)}.",
                allowed_at=allowed_at.isoformat(),
            )
        elapsed = math.ceil((at - call.scheduled_at).total_seconds() / 60)
        waited = wait if waited_minutes in (None, "") else _clean_minutes(waited_minutes)
        if waited > elapsed:
            raise ValidationFailed(
                f"The call started {elapsed} minutes ago; you cannot have waited {waited}.",
                fields={"waited_minutes": [f"At most {elapsed} minutes."]},
            )
        entry = log_time(
            actor=actor,
            agent=call.agent,
            ticket=call.ticket,
            task=call.task,
            date=call.scheduled_on,
            minutes=waited,
            activity=Activity.CALL,
            note=f"Waited {waited} min for the customer, who did not show.",
            at=at,
        )
        call.status = CallStatus.NO_SHOW
        call.waited_minutes = waited
        call.save(update_fields=["status", "waited_minutes"])
        name = call.agent.get_full_name() or call.agent.get_username()
        tickets.add_internal_note(
            call.ticket,
            actor=actor,
            body=(
                f"The customer did not show for the technical call of {_day(call.scheduled_on)} "
                f"at {_clock(call.scheduled_at)}. {name} waited {waited} minutes (logged as "
                "call time). Tell the consultant and ask whether the customer wants to "
                "reschedule."
            ),
        )
        _follow_up(
            call, _local_day(at), "Customer did not show: ask the consultant to reschedule.", at
        )
    return entry


# --- follow-ups ------------------------------------------------------------------------------


def add_follow_up(
    *, actor, ticket: Ticket, due_on: date, note: str, agent=None, at: datetime | None = None
) -> FollowUp:
    """Plan a follow-up activity on a ticket (after an email or a call: seed 000)."""
    _require_agent(actor, "plan follow-ups")
    agent = agent or actor
    if not policies.can_log_for(actor, agent):
        raise PermissionDenied("You may plan follow-ups for yourself; leads for any agent.")
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = ["Say what to follow up on."]
    elif len(note) > 300:
        errors["note"] = ["At most 300 characters."]
    if due_on is None or due_on < selectors.today():
        errors["due_on"] = ["Choose today or a later day."]
    if errors:
        raise ValidationFailed("The follow-up has invalid fields.", fields=errors)
    return FollowUp.objects.create(
        ticket=ticket, agent=agent, due_on=due_on, note=note, created_at=at or timezone.now()
    )


def complete_follow_up(follow_up: FollowUp, *, actor, at: datetime | None = None) -> FollowUp:
    at = at or timezone.now()
    with transaction.atomic():
        try:
            follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        except FollowUp.DoesNotExist:
            raise NotFound(f"Follow-up {follow_up.pk} was not found.") from None
        if not policies.can_handle_follow_up(actor, follow_up):
            raise PermissionDenied("Only its agent or a lead may mark a follow-up done.")
        if follow_up.done_at is not None:
            raise Conflict("This follow-up is done already.")
        follow_up.done_at = at
        follow_up.save(update_fields=["done_at"])
    return follow_up
