"""The SLA colour sweep: set-based, one UPDATE per colour, no Python loop over open tickets.

Clocks store the absolute instants at which they turn Yellow and Red, so the sweep selects the
running clocks whose instant has passed (a partial-index range scan), locks them with
``SKIP LOCKED``, changes their colour in one statement per colour, and writes one clock event
and one outbox notification per change (to the tier's lead and the ticket's assignee). A clock
only ever gets redder, so running the sweep twice changes nothing the second time.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from helpdesk.notifications import services as outbox

from .models import ClockEvent, SlaClock
from .states import ClockEventKind, ClockState, Colour

BATCH = 5_000


@dataclass
class ColourSweepResult:
    turned: dict[str, int] = field(default_factory=lambda: {Colour.YELLOW: 0, Colour.RED: 0})

    def __str__(self) -> str:
        return f"SLA colours: {self.turned[Colour.YELLOW]} yellow, {self.turned[Colour.RED]} red"


def _due(colour: str, now: datetime):
    if colour == Colour.RED:
        return SlaClock.objects.filter(state=ClockState.RUNNING, red_at__lte=now).filter(
            ~Q(colour=Colour.RED)
        )
    return SlaClock.objects.filter(
        state=ClockState.RUNNING, colour=Colour.GREEN, yellow_at__lte=now
    )


def sweep_colours(now: datetime | None = None, batch_size: int = BATCH) -> ColourSweepResult:
    """Turn every due clock Yellow or Red. Red first, so a clock past both goes straight Red."""
    now = now or timezone.now()
    result = ColourSweepResult()
    for colour in (Colour.RED, Colour.YELLOW):
        while True:
            with transaction.atomic():
                rows = list(
                    _due(colour, now)
                    .select_for_update(skip_locked=True, of=("self",))
                    .order_by("pk")
                    .values_list(
                        "pk",
                        "ticket_id",
                        "ticket__subject",
                        "tier__name",
                        "ticket__assignee__email",
                        "tier__lead__email",
                        "policy__yellow_after_minutes",
                        "policy__red_after_minutes",
                    )[:batch_size]
                )
                if not rows:
                    break
                ids = [row[0] for row in rows]
                changes = {"colour": colour, "yellow_at": None}
                if colour == Colour.RED:
                    changes["red_at"] = None
                SlaClock.objects.filter(pk__in=ids).update(**changes)
                _record(colour, rows, now)
                result.turned[colour] += len(rows)
            if len(rows) < batch_size:
                break
    return result


def _record(colour: str, rows, now: datetime) -> None:
    kind = ClockEventKind.RED if colour == Colour.RED else ClockEventKind.YELLOW
    ClockEvent.objects.bulk_create(
        [
            ClockEvent(
                clock_id=pk,
                kind=kind,
                at=now,
                elapsed_minutes=red if colour == Colour.RED else yellow,
                note="Turned by the SLA sweep.",
            )
            for pk, _t, _s, _tier, _a, _l, yellow, red in rows
        ],
        batch_size=1000,
    )
    base = settings.HELPDESK_BASE_URL.rstrip("/")
    label = Colour(colour).label
    notes = []
    for pk, ticket_id, subject, tier, assignee, lead, _yellow, _red in rows:
        url = base + reverse("desk-ticket", kwargs={"number": ticket_id})
        for recipient in {email for email in (assignee, lead) if email}:
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
