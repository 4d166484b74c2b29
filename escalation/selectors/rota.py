"""Reads of the rotas (seed 003): who staffs Triage, who is the T3 of the week and who is on call,
for a week and the week before; and the tickets the previous T3 still holds.

A person is on a rota for a week when one of their shifts overlaps it ([Monday 00:00, next Monday
00:00) local time). The On-Call rota is ``OnCallShift`` (the paging chain's); Triage and T3 are
``RotaShift`` rows.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from helpdesk.core.weeks import Week
from tickets.models import Message, Ticket, TicketFindings
from tickets.states import ACTIVE_STATUSES, MessageKind

from ..models import OnCallShift
from ..rota_models import ROTA_TIER_CODE, Rota, RotaShift, T3Nudge


@dataclass
class RotaWeek:
    """Who was on each rota during one week: shifts in start order."""

    week: Week
    triage: list = field(default_factory=list)
    t3: list = field(default_factory=list)
    on_call: list = field(default_factory=list)

    def names(self, rota: str) -> list[str]:
        """Each person once, in shift order."""
        shifts = (
            self.triage if rota == Rota.TRIAGE else self.t3 if rota == Rota.T3 else self.on_call
        )
        return list(dict.fromkeys(shift.agent.get_username() for shift in shifts))

    @property
    def t3_ids(self) -> set[int]:
        return {shift.agent_id for shift in self.t3}


def _overlapping(qs: QuerySet, start: datetime, end: datetime) -> QuerySet:
    return qs.filter(starts_at__lt=end, ends_at__gt=start)


def rota_weeks(week: Week) -> tuple[RotaWeek, RotaWeek]:
    """The week asked for and the week before it, every rota: two queries."""
    before = week.previous
    rows = list(
        _overlapping(RotaShift.objects.all(), before.start, week.end)
        .select_related("agent")
        .order_by("starts_at", "id")
    )
    on_call = list(
        _overlapping(OnCallShift.objects.all(), before.start, week.end)
        .select_related("agent")
        .order_by("starts_at", "id")
    )
    result = (RotaWeek(week), RotaWeek(before))
    for rota_week in result:
        start, end = rota_week.week.start, rota_week.week.end
        for shift in rows:
            if shift.starts_at < end and shift.ends_at > start:
                (rota_week.triage if shift.rota == Rota.TRIAGE else rota_week.t3).append(shift)
        rota_week.on_call = [s for s in on_call if s.starts_at < end and s.ends_at > start]
    return result


def t3_agent_ids(week: Week) -> set[int]:
    """Who is T3 of the week."""
    return set(
        _overlapping(RotaShift.objects.filter(rota=Rota.T3), week.start, week.end).values_list(
            "agent_id", flat=True
        )
    )


def previous_t3_ids(week: Week) -> set[int]:
    """Last week's T3 engineers who are not T3 again this week: their tickets are skipped by this
    week's T3 and they are nudged about them (003-22)."""
    return t3_agent_ids(week.previous) - t3_agent_ids(week)


def rota_candidates(rota: str) -> QuerySet:
    """Who may staff ``rota``: active members of its tier (T2 for Triage, T3 for the T3 week)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, tiers__code=ROTA_TIER_CODE[rota])
        .order_by("username")
    )


def waiting_on_previous_t3(week: Week, cutoff: datetime) -> QuerySet[Ticket]:
    """Active tickets in the T3 tier, assigned to a previous T3, where the customer (or the
    ticket's opening) has had no staff public reply since the later of this week's start and
    the last customer message, and that silence began at or before ``cutoff`` (one business day
    ago); not yet nudged this week. ``silent_since`` is annotated."""
    previous = previous_t3_ids(week)
    last_customer = Message.objects.filter(
        ticket=OuterRef("pk"), kind=MessageKind.CUSTOMER_REPLY
    ).order_by("-created_at", "-id")
    last_staff = Message.objects.filter(
        ticket=OuterRef("pk"), kind=MessageKind.PUBLIC_REPLY
    ).order_by("-created_at", "-id")
    nudged = T3Nudge.objects.filter(ticket=OuterRef("pk"), week_start=week.monday)
    return (
        Ticket.objects.filter(
            tier__code=ROTA_TIER_CODE[Rota.T3],
            status__in=list(ACTIVE_STATUSES),
            assignee_id__in=previous,
        )
        .annotate(
            customer_at=Coalesce(Subquery(last_customer.values("created_at")[:1]), "created_at"),
            staff_at=Subquery(last_staff.values("created_at")[:1]),
        )
        .filter(Q(staff_at__isnull=True) | Q(staff_at__lt=F("customer_at")))
        .annotate(
            silent_since=Greatest(
                "customer_at",
                Value(week.start, output_field=DateTimeField()),
                output_field=DateTimeField(),
            )
        )
        .filter(silent_since__lte=cutoff)
        .exclude(Exists(nudged))
        .order_by("pk")
    )


def handover_list(week: Week, previous: set[int] | None = None) -> QuerySet[Ticket]:
    """The outgoing T3's unfinished tickets (003-67): active tickets in the T3 tier assigned to
    last week's T3 (and not this week's), or unassigned, that last week's T3 wrote on last week
    (their research stays on the ticket: notes and findings). Oldest first, one query when the
    caller passes ``previous`` (``previous_t3_ids``, e.g. from ``rota_weeks``)."""
    if previous is None:
        previous = previous_t3_ids(week)
    before = week.previous
    worked = Message.objects.filter(
        ticket=OuterRef("pk"),
        author_id__in=previous,
        created_at__gte=before.start,
        created_at__lt=before.end,
    )
    return (
        Ticket.objects.filter(tier__code=ROTA_TIER_CODE[Rota.T3], status__in=list(ACTIVE_STATUSES))
        .filter(Q(assignee_id__in=previous) | (Q(assignee__isnull=True) & Exists(worked)))
        .annotate(has_findings=Exists(TicketFindings.objects.filter(ticket=OuterRef("pk"))))
        .select_related("assignee", "organization")
        .order_by("created_at", "pk")
    )
