"""The SLA colour sweep: set-based, one UPDATE per colour, no Python loop over open tickets.

Clocks store the absolute instants at which they turn Yellow and Red, so the sweep selects the
running clocks whose instant has passed (a partial-index range scan), locks them with
``SKIP LOCKED``, changes their colour in one statement per colour, and writes one clock event
and one outbox notification per change (to the tier's lead and the ticket's assignee; a Red
one reaches the assignee, else the tier's agents, as each chose: ``staff`` alerts, delivered
for the whole batch at once). A clock
only ever gets redder, so running the sweep twice changes nothing the second time.

First-response clocks (decision 0027) are swept the same way after the tier clocks: Yellow is
a colour only; Red records the breach and publishes the same ``sla_red`` staff alert.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from helpdesk.notifications import events, staff
from helpdesk.notifications import services as outbox
from tickets.models import Ticket, Tier
from tickets.selectors import tier_agent_ids

from .models import ClockEvent, FirstResponseClock, SlaClock, SlaPolicy
from .states import ClockEventKind, Colour

BATCH = 10_000


@dataclass
class ColourSweepResult:
    """``turned``: tier clocks per colour; ``first_response``: first-response clocks."""

    turned: dict[str, int] = field(default_factory=lambda: {Colour.YELLOW: 0, Colour.RED: 0})
    first_response: dict[str, int] = field(
        default_factory=lambda: {Colour.YELLOW: 0, Colour.RED: 0}
    )

    def __str__(self) -> str:
        first = self.first_response
        return (
            f"SLA colours: {self.turned[Colour.YELLOW]} yellow, {self.turned[Colour.RED]} red; "
            f"first response: {first[Colour.YELLOW]} yellow, {first[Colour.RED]} red"
        )


_CONDITION = {
    Colour.RED: "colour <> 'red' AND red_at <= %s",
    Colour.YELLOW: "colour = 'green' AND yellow_at <= %s",
}


def _turn(colour: str, now: datetime, batch_size: int) -> list[tuple]:
    """One statement: lock up to ``batch_size`` due clocks (skipping locked ones), change their
    colour, and return (id, ticket_id, tier_id, policy_id) of each changed clock."""
    table = SlaClock._meta.db_table
    lock = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    cleared = "yellow_at = NULL, red_at = NULL" if colour == Colour.RED else "yellow_at = NULL"
    sql = (
        f"UPDATE {table} SET colour = %s, {cleared} WHERE id IN ("
        f"SELECT id FROM {table} WHERE state = 'running' AND {_CONDITION[colour]} "
        f"ORDER BY id LIMIT %s{lock}) RETURNING id, ticket_id, tier_id, policy_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [colour, now, batch_size])
        return cursor.fetchall()


def sweep_colours(now: datetime | None = None, batch_size: int = BATCH) -> ColourSweepResult:
    """Turn every due clock Yellow or Red. Red first, so a clock past both goes straight Red."""
    now = now or timezone.now()
    result = ColourSweepResult()
    for colour in (Colour.RED, Colour.YELLOW):
        while True:
            with transaction.atomic():
                changed = _turn(colour, now, batch_size)
                if changed:
                    _record(colour, changed, now)
                    result.turned[colour] += len(changed)
            if len(changed) < batch_size:
                break
    for colour in (Colour.RED, Colour.YELLOW):
        while True:
            with transaction.atomic():
                changed = _turn_first_response(colour, now, batch_size)
                if changed and colour == Colour.RED:
                    _tell_first_response_red(changed, now)
                result.first_response[colour] += len(changed)
            if len(changed) < batch_size:
                break
    return result


_FIRST_RESPONSE_CONDITION = {
    Colour.RED: "colour <> 'red' AND due_at <= %s",
    Colour.YELLOW: "colour = 'green' AND yellow_at <= %s",
}


def _turn_first_response(colour: str, now: datetime, batch_size: int) -> list[tuple]:
    """As ``_turn``, for first-response clocks: Red records the breach (at the due instant).
    Returns (id, ticket_id) of each changed clock."""
    table = FirstResponseClock._meta.db_table
    lock = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    breach = ", breached_at = due_at" if colour == Colour.RED else ""
    sql = (
        f"UPDATE {table} SET colour = %s{breach} WHERE id IN ("
        f"SELECT id FROM {table} WHERE state = 'running' AND "
        f"{_FIRST_RESPONSE_CONDITION[colour]} ORDER BY id LIMIT %s{lock}) "
        "RETURNING id, ticket_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [colour, now, batch_size])
        return cursor.fetchall()


def _tell_first_response_red(changed: list[tuple], now: datetime) -> None:
    """ "First response overdue": the same staff alert as a tier clock's Red (``sla_red``), to
    the ticket's assignee, else the agents of the ticket's tier; deduped per clock."""
    tickets = {
        pk: (subject, assignee_id, tier_id)
        for pk, subject, assignee_id, tier_id in Ticket.objects.filter(
            pk__in=[ticket_id for _pk, ticket_id in changed]
        ).values_list("pk", "subject", "assignee_id", "tier_id")
    }
    unassigned = {tier for _s, assignee, tier in tickets.values() if not assignee}
    agents = tier_agent_ids(unassigned) if unassigned else {}
    link = settings.HELPDESK_BASE_URL.rstrip("/") + reverse("desk-ticket", kwargs={"number": 0})
    with staff.batched():
        for pk, ticket_id in changed:
            subject, assignee_id, tier_id = tickets[ticket_id]
            recipients = (assignee_id,) if assignee_id else tuple(agents.get(tier_id, ()))
            events.publish(
                events.Event(
                    name=events.Name.SLA_RED,
                    at=now,
                    dedupe_key=f"sla-first-response-red:{pk}",
                    title=f"First response overdue on #{ticket_id}: {subject}",
                    ticket_number=ticket_id,
                    url=link.replace("/0/", f"/{ticket_id}/"),
                    recipients=recipients,
                    data={"ticket": ticket_id, "first_response_clock": pk, "tier": tier_id},
                )
            )


def _record(colour: str, changed: list[tuple], now: datetime) -> None:
    """A clock event per change, and a notification to the tier's lead and the assignee."""
    kind = ClockEventKind.RED if colour == Colour.RED else ClockEventKind.YELLOW
    policies = {
        pk: (yellow, red)
        for pk, yellow, red in SlaPolicy.objects.values_list(
            "pk", "yellow_after_minutes", "red_after_minutes"
        )
    }
    ClockEvent.objects.bulk_create(
        [
            ClockEvent(
                clock_id=pk,
                kind=kind,
                at=now,
                elapsed_minutes=policies[policy][1 if colour == Colour.RED else 0],
                note="Turned by the SLA sweep.",
            )
            for pk, _ticket, _tier, policy in changed
        ],
        batch_size=2000,
    )
    tickets = {
        ticket_id: (subject, assignee, assignee_id)
        for ticket_id, subject, assignee, assignee_id in Ticket.objects.filter(
            pk__in=[row[1] for row in changed]
        ).values_list("pk", "subject", "assignee__email", "assignee_id")
    }
    tiers = {
        pk: (name, lead, lead_id)
        for pk, name, lead, lead_id in Tier.objects.values_list(
            "pk", "name", "lead__email", "lead_id"
        )
    }
    link = settings.HELPDESK_BASE_URL.rstrip("/") + reverse("desk-ticket", kwargs={"number": 0})
    label = Colour(colour).label
    red = colour == Colour.RED
    told = _tell_red(changed, tickets, link, now) if red else {}
    notes = []
    for pk, ticket_id, tier_id, _policy in changed:
        subject, assignee, _assignee_id = tickets[ticket_id]
        tier, lead, lead_id = tiers[tier_id]
        url = link.replace("/0/", f"/{ticket_id}/")
        # Red: the assignee (else the tier's agents) hear of it as they chose (``_tell_red``);
        # the tier's lead is still mailed, unless already among them.
        if red:
            mailed: tuple[str | None, ...] = (lead,) if lead_id not in told[pk] else ()
        else:
            mailed = (assignee, lead)
        for recipient in {email for email in mailed if email}:
            notes.append(
                outbox.Outgoing(
                    kind=f"sla_{colour}",
                    recipient=recipient,
                    subject=f"[SLA {label}] #{ticket_id} {subject} ({tier})",
                    body_text=(
                        f'Ticket #{ticket_id} "{subject}" turned {label} in the {tier} queue.\n'
                        f"\n{url}\n"
                    ),
                    dedupe_key=f"sla-{colour}:{pk}:{recipient}",
                    ticket_number=ticket_id,
                )
            )
    outbox.enqueue_many(notes, at=now)


def _tell_red(changed: list[tuple], tickets: dict, link: str, now: datetime) -> dict:
    """Publish "SLA Red on your ticket" for each clock turned Red: to the ticket's assignee,
    else the agents of the clock's tier (one query for every tier's agents, then one delivery
    for the whole batch). Returns clock id → the user ids told."""
    unassigned = {tier_id for _pk, ticket_id, tier_id, _ in changed if not tickets[ticket_id][2]}
    agents = tier_agent_ids(unassigned) if unassigned else {}
    told: dict[int, tuple[int, ...]] = {}
    with staff.batched():
        for pk, ticket_id, tier_id, _policy in changed:
            subject, _email, assignee_id = tickets[ticket_id]
            recipients = (assignee_id,) if assignee_id else tuple(agents[tier_id])
            told[pk] = recipients
            events.publish(
                events.Event(
                    name=events.Name.SLA_RED,
                    at=now,
                    dedupe_key=f"sla-red:{pk}",
                    title=f"SLA Red on #{ticket_id}: {subject}",
                    ticket_number=ticket_id,
                    url=link.replace("/0/", f"/{ticket_id}/"),
                    recipients=recipients,
                    data={"ticket": ticket_id, "clock": pk, "tier": tier_id},
                )
            )
    return told
