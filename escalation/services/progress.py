"""Seed 004-04, "Update the customer on progress in long-running issues".

A ticket that stays Open for days should not leave the customer guessing: when the customer has
had no public reply for the tier's ``TierRules.progress_update_business_days``, the assignee
(or, with nobody assigned, the tier's lead) is told to write where it stands and, as the seed
asks, how much time has been spent. We remind a person rather than email the customer a
canned "still working on it": the seed wants real progress and time spent, which only the
engineer knows (decision 0035). T3's one-click "still looking" (``reviews.send_still_looking``)
stays for when there is nothing more to say.

Run by a periodic task (``escalation.remind_progress_updates``): state-based, the due instant
computed in the query (``selectors.progress.progress_update_due``) from the last public reply
and the last reminder; a ``ProgressReminder`` row per ticket and day is the idempotence, and
the next reminder comes one more period later if the customer still has heard nothing.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpdesk.notifications import events
from tickets.models import Ticket
from tickets.services.alerts import desk_url

from ..models import ProgressReminder
from ..selectors import progress as progress_selectors


def remind_progress_updates(now: datetime | None = None) -> int:
    """Remind the assignee of each Open ticket due a progress update; returns how many were
    reminded. Running it twice changes nothing: a reminded ticket is not due for a period."""
    now = now or timezone.now()
    reminded = 0
    due = list(progress_selectors.progress_update_due(now).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if ticket is None:
                continue  # an agent is acting on it right now: the next run sees it again
            row = (
                progress_selectors.progress_update_due(now)
                .filter(pk=pk)
                .select_related("tier")
                .first()
            )
            if row is None:  # answered, put on hold or reminded meanwhile
                continue
            silent_since: datetime = row.silent_since  # type: ignore[attr-defined]
            agent_id = row.assignee_id or (row.tier.lead_id if row.tier else None)
            if agent_id is None:
                continue  # nobody to tell: the tier's queue shows it
            try:
                with transaction.atomic():
                    ProgressReminder.objects.create(
                        ticket=ticket,
                        agent_id=agent_id,
                        silent_since=silent_since,
                        reminded_at=now,
                        reminded_on=timezone.localdate(now),
                    )
            except IntegrityError:
                continue  # another worker reminded it first
            _publish(ticket, agent_id, silent_since, now)
            reminded += 1
    return reminded


def _publish(ticket: Ticket, agent_id: int, silent_since: datetime, at: datetime) -> None:
    since = timezone.localtime(silent_since)
    events.publish(
        events.Event(
            name=events.Name.PROGRESS_UPDATE_DUE,
            at=at,
            dedupe_key=f"progress-update:{ticket.pk}:{timezone.localdate(at).isoformat()}",
            title=(
                f"#{ticket.pk} has had no update to the customer since {since:%a %d %b %H:%M}: "
                f"tell them where it stands and the time spent so far: {ticket.subject}"
            ),
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=(agent_id,),
            data={"ticket": ticket.pk, "silent_since": since.isoformat()},
        )
    )
