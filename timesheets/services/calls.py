"""Technical calls with the customer (seed 000): booking (at most one per agent per day) with a
meeting link and the times offered, which emails the customer an invitation with an ``.ics``;
canceling; recording that the call was held (its summary is emailed to the customer) or that the
customer did not show. Each writes an internal note or time on the ticket and, once the call is
over, a follow-up."""

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from engineering.models import Task
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket

from .. import policies
from ..errors import CallDayTaken, TooEarly
from ..models import TechnicalCall, TimeEntry
from ..states import Activity, CallStatus
from . import call_mail
from ._common import clean_minutes, format_clock, format_day, local_day, lock_agent, require_agent
from .entries import log_time
from .follow_ups import follow_up_call

TECHNICAL_CALL_TAG = "Technical Call"
# How far ahead a call may be booked.
CALL_AHEAD_DAYS = 366


def _day_taken(agent, day: date) -> CallDayTaken:
    name = agent.get_full_name() or agent.get_username()
    return CallDayTaken(
        f"{name} already has a technical call on {format_day(day)}. Book at most one call per "
        "day (seed 000): choose another day, or cancel that call first.",
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


def _clean_time(value, at: datetime) -> datetime:
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ValidationFailed(
            "Give the date and time of the call.",
            fields={"scheduled_at": ["A date and a time."]},
        )
    if value <= at:
        raise ValidationFailed(
            "A call is booked for a time that has not passed yet.",
            fields={"scheduled_at": ["Choose a time in the future."]},
        )
    if value > at + timedelta(days=CALL_AHEAD_DAYS):
        raise ValidationFailed(
            "A call is booked at most a year ahead.",
            fields={"scheduled_at": ["Choose a time within the next twelve months."]},
        )
    return value


def _clean_slots(scheduled_at, slots: Sequence[datetime], at: datetime) -> list[datetime]:
    """The times offered, earliest first: one booked time, or up to five offers."""
    given = list(slots or ())
    if scheduled_at is not None:
        given.insert(0, scheduled_at)
    if not given:
        raise ValidationFailed(
            "Give the date and time of the call, or the times you offer.",
            fields={"scheduled_at": ["A date and a time."]},
        )
    cleaned = sorted({_clean_time(value, at) for value in given})
    if len(cleaned) > call_mail.MAX_SLOTS:
        raise ValidationFailed(
            f"Offer at most {call_mail.MAX_SLOTS} times.",
            fields={"slots": [f"At most {call_mail.MAX_SLOTS} times."]},
        )
    return cleaned


def schedule_call(
    *,
    actor,
    ticket: Ticket,
    meeting_url: str,
    scheduled_at: datetime | None = None,
    slots: Sequence[datetime] = (),
    agent=None,
    task: Task | None = None,
    note: str = "",
) -> TechnicalCall:
    """Book a call with the customer on a ticket: an internal note on the ticket says when and
    with whom, the ticket is tagged "Technical Call", and the customer is emailed an invitation
    with the meeting link and an ``.ics`` (``call_mail.invitation``). ``scheduled_at``: the time
    agreed; ``slots``: times offered to choose from (the call holds the earliest until the
    customer answers). At most one call per agent per day: refused with the reason (409), also
    when two bookings race (the database's unique index)."""
    require_agent(actor, "schedule calls")
    agent = agent or actor
    if not policies.can_schedule_call_for(actor, agent):
        raise PermissionDenied("You may book calls for yourself; leads book for any agent.")
    at = timezone.now()
    offered = _clean_slots(scheduled_at, slots, at)
    scheduled_at = offered[0]
    meeting_url = call_mail.clean_meeting_url(meeting_url)
    if task is not None and task.ticket_id != ticket.pk:
        raise ValidationFailed(
            "The task belongs to another ticket.", fields={"task": ["A task of this ticket."]}
        )
    day = local_day(scheduled_at)
    with transaction.atomic():
        lock_agent(agent)
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
                    meeting_url=meeting_url,
                    offered_slots=(
                        [slot.astimezone(UTC).isoformat() for slot in offered]
                        if len(offered) > 1
                        else []
                    ),
                    note=(note or "").strip(),
                    created_by=actor,
                    created_at=at,
                )
        except IntegrityError:
            raise _day_taken(agent, day) from None
        name = agent.get_full_name() or agent.get_username()
        body = (
            f"Technical call booked for {format_day(day)} at {format_clock(scheduled_at)} "
            f"with {name}."
        )
        if len(offered) > 1:
            times = ", ".join(f"{format_day(local_day(t))} {format_clock(t)}" for t in offered)
            body += f" Times offered to the customer: {times}."
        body += f"\nMeeting link: {meeting_url}"
        if call.note:
            body += f"\n\n{call.note}"
        tickets.add_internal_note(ticket, actor=actor, body=body)
        tickets.change_tags(ticket, actor=actor, add=[TECHNICAL_CALL_TAG])  # case-blind
        if not call_mail.invitation(call, at):
            tickets.add_system_note(
                ticket, "The customer has no email address: no invitation was sent.", at
            )
    return call


def _require_scheduled(call: TechnicalCall) -> None:
    if call.status != CallStatus.SCHEDULED:
        raise Conflict(
            f"The call is {call.get_status_display().lower()} already; nothing was changed.",
            current_status=call.status,
        )


def cancel_call(call: TechnicalCall, *, actor, reason: str = "") -> TechnicalCall:
    """Cancel a booked call, with an internal note on the ticket; the day is free again for
    another call."""
    with transaction.atomic():
        call = _lock_call(call.pk)
        if not policies.can_handle_call(actor, call):
            raise PermissionDenied("Only the call's agent or a lead may cancel it.")
        _require_scheduled(call)
        call.status = CallStatus.CANCELED
        call.save(update_fields=["status"])
        when = f"{format_day(call.scheduled_on)} at {format_clock(call.scheduled_at)}"
        body = f"Technical call of {when} canceled."
        if reason.strip():
            body += f"\n\n{reason.strip()}"
        tickets.add_internal_note(call.ticket, actor=actor, body=body)
    return call


def call_held(
    call: TechnicalCall,
    *,
    actor,
    summary: str,
    minutes=60,
    note: str = "",
    at: datetime | None = None,
) -> TimeEntry:
    """The call took place: its minutes are logged as a call entry for the call's agent (with
    ``note``, internal), its ``summary`` (required, public) is kept on the call and emailed to
    the customer, and a follow-up activity is planned ``HELPDESK_FOLLOW_UP_DAYS`` (7) days after
    the call (seed 000: "Set Activity to follow up on the ticket")."""
    at = at or timezone.now()
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(
            "Write a summary of the call: it is emailed to the customer.",
            fields={"summary": ["What was discussed and agreed (the customer reads it)."]},
        )
    with transaction.atomic():
        call = _lock_call(call.pk)
        if not policies.can_handle_call(actor, call):
            raise PermissionDenied("Only the call's agent or a lead may record the call.")
        _require_scheduled(call)
        if at < call.scheduled_at:
            raise TooEarly(
                f"The call starts at {format_clock(call.scheduled_at)} on "
                f"{format_day(call.scheduled_on)}; record it after it took place."
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
        call.summary = summary
        call.save(update_fields=["status", "summary"])
        call_mail.summary(call, at)
        due = call.scheduled_on + timedelta(days=settings.HELPDESK_FOLLOW_UP_DAYS)
        follow_up_call(call, due, "Follow up on the technical call.", at)
    return entry


def no_show_allowed_at(call: TechnicalCall) -> datetime:
    """When "customer did not show" may be recorded: the agent waits first (seed 000)."""
    return call.scheduled_at + timedelta(minutes=settings.HELPDESK_CALL_NO_SHOW_WAIT_MINUTES)


def customer_no_show(
    call: TechnicalCall, *, actor, waited_minutes=None, at: datetime | None = None
) -> TimeEntry:
    """The customer did not come: allowed once the configured wait
    (``HELPDESK_CALL_NO_SHOW_WAIT_MINUTES``, 15) has passed. The waited minutes are logged as
    call time, the ticket gets an internal note, and a follow-up (ask the consultant whether the
    customer wants to reschedule) is due today."""
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
                f"from {format_clock(allowed_at)}.",
                allowed_at=allowed_at.isoformat(),
            )
        elapsed = math.ceil((at - call.scheduled_at).total_seconds() / 60)
        waited = wait if waited_minutes in (None, "") else clean_minutes(waited_minutes)
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
                "The customer did not show for the technical call of "
                f"{format_day(call.scheduled_on)} at {format_clock(call.scheduled_at)}. {name} "
                f"waited {waited} minutes (logged as call time). Tell the consultant and ask "
                "whether the customer wants to reschedule."
            ),
        )
        follow_up_call(
            call, local_day(at), "Customer did not show: ask the consultant to reschedule.", at
        )
    return entry
