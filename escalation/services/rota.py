"""The Triage and T3 rotas (seed 003): setting a shift, and nudging last week's T3 about the
tickets still assigned to them (003-22).

Rules of a shift: a lead sets it; the person is an active member of the rota's tier (T2 staffs
Triage, T3 engineers take the T3 week); it ends after it starts; one person per rota at a time
(no two shifts of one rota overlap).

The nudge (``nudge_previous_t3``, run by a periodic task): this week's T3 skips a ticket
assigned to a previous T3; when that ticket has had no staff public reply for one business day,
counted from the later of this week's start and the customer's last message, the previous T3
is told (a staff alert, "hand-over"). One ``T3Nudge`` row per ticket and week, under a unique
constraint, so a second run, or two workers at once, nudge nobody twice.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.calendar import business_days_before
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.core.weeks import Week, monday_of
from helpdesk.notifications import events
from tickets.models import Ticket
from tickets.services.alerts import desk_url

from ..rota_models import ROTA_TIER_CODE, Rota, RotaShift, T3Nudge
from ..selectors import rota as rota_selectors

NUDGE_AFTER_BUSINESS_DAYS = 1


def clean_shift(
    *, rota: str, agent, starts_at: datetime | None, ends_at: datetime | None, exclude_pk=None
) -> None:
    """``ValidationFailed`` naming each field that breaks a rule of a rota shift."""
    errors: dict[str, list[str]] = {}
    if rota not in Rota.values:
        errors["rota"] = [f"Choose one of: {', '.join(label for _, label in Rota.choices)}."]
    if agent is None:
        errors["agent"] = ["Choose who is on the rota."]
    elif rota in Rota.values:
        code = ROTA_TIER_CODE[rota]
        if not agent.is_active or not agent.tiers.filter(code=code).exists():
            errors["agent"] = [
                f"{agent.get_username()} is not an active member of {code}: "
                f"{Rota(rota).label} is staffed from {code}."
            ]
    if starts_at is None:
        errors["starts_at"] = ["When does the shift start?"]
    if ends_at is None:
        errors["ends_at"] = ["When does the shift end?"]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = ["A rota shift must end after it starts."]
    if not errors and starts_at and ends_at:
        clash = (
            RotaShift.objects.filter(rota=rota, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .exclude(pk=exclude_pk)
            .select_related("agent")
            .first()
        )
        if clash is not None:
            errors["starts_at"] = [
                f"{clash.agent.get_username()} is already on {clash.get_rota_display()} then "
                f"({clash.starts_at:%Y-%m-%d %H:%M}–{clash.ends_at:%Y-%m-%d %H:%M}): "
                "one person per shift."
            ]
    if errors:
        raise ValidationFailed("The rota shift has invalid fields.", fields=errors)


def add_rota_shift(
    *, actor, rota: str, agent, starts_at: datetime, ends_at: datetime, note: str = ""
) -> RotaShift:
    """A lead puts someone on the Triage or T3 rota."""
    if not roles.is_lead(actor):
        raise PermissionDenied("Only leads set the rotas.")
    with transaction.atomic():
        # Serialise writers of one rota so two overlapping shifts cannot both pass the check.
        list(RotaShift.objects.select_for_update().filter(rota=rota).values_list("pk"))
        clean_shift(rota=rota, agent=agent, starts_at=starts_at, ends_at=ends_at)
        return RotaShift.objects.create(
            rota=rota, agent=agent, starts_at=starts_at, ends_at=ends_at, note=note[:200]
        )


def nudge_previous_t3(now: datetime | None = None) -> int:
    """Tell last week's T3 about each of their T3 tickets silent for one business day; returns
    how many were nudged. Idempotent (``T3Nudge`` is unique per ticket and week)."""
    now = now or timezone.now()
    week = Week(monday_of(timezone.localtime(now).date()))
    cutoff = business_days_before(now, NUDGE_AFTER_BUSINESS_DAYS)
    nudged = 0
    due = list(rota_selectors.waiting_on_previous_t3(week, cutoff).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if ticket is None:
                continue  # an agent is acting on it right now: the next run sees it again
            row = rota_selectors.waiting_on_previous_t3(week, cutoff).filter(pk=pk).first()
            if row is None or row.assignee_id is None:  # answered, reassigned or nudged
                continue
            try:
                with transaction.atomic():
                    T3Nudge.objects.create(
                        ticket=ticket,
                        agent_id=row.assignee_id,
                        week_start=week.monday,
                        waiting_since=getattr(row, "silent_since", None) or now,
                        nudged_at=now,
                    )
            except IntegrityError:
                continue  # another worker nudged it first
            _publish_nudge(ticket, row.assignee_id, week, now)
            nudged += 1
    return nudged


def _publish_nudge(ticket: Ticket, agent_id: int, week: Week, at: datetime) -> None:
    events.publish(
        events.Event(
            name=events.Name.HANDOVER,
            at=at,
            dedupe_key=f"t3-nudge:{ticket.pk}:{week.iso}",
            title=(
                f"#{ticket.pk} is still yours from last week's T3 and waits for an answer: "
                f"{ticket.subject}"
            ),
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=(agent_id,),
            data={"ticket": ticket.pk, "week": week.iso, "reason": "previous_t3_nudge"},
        )
    )
