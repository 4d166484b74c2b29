"""Time under concurrency, on PostgreSQL with two connections: two agents cross a pack's 80%
line at the same moment and the consultant is told exactly once (the pack rows are locked while
an entry is added, so the second writer sees the first one's minutes); two bookings of one
agent's day race and exactly one wins, the other gets the human reason (409)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from helpdesk.core.errors import Conflict
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, TicketFactory
from tests.support.race import at_once
from timesheets import services
from timesheets.models import TechnicalCall, TimeEntry
from timesheets.services import calls as call_services
from timesheets.services import packs as pack_services

from .factories import SupportPackFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(5))
def test_two_entries_crossing_80_percent_at_once_notify_exactly_once(attempt, monkeypatch):
    enqueued = []  # every time a service decided to notify, not only rows that survived dedupe
    original = pack_services.outbox.enqueue

    def recording(**kwargs):
        enqueued.append(kwargs["dedupe_key"])
        return original(**kwargs)

    monkeypatch.setattr(pack_services.outbox, "enqueue", recording)
    org = OrganizationFactory()
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    pack = SupportPackFactory(organization=org, hours=Decimal("10"))
    services.log_time(actor=AgentFactory(), ticket=ticket, minutes=460, activity="research")
    ana, bo = AgentFactory(), AgentFactory()

    # 460 + 20 = 480 (80%) whichever comes first: only the first one crosses the line.
    outcomes = at_once(
        lambda: services.log_time(actor=ana, ticket=ticket, minutes=20, activity="call"),
        lambda: services.log_time(actor=bo, ticket=ticket, minutes=20, activity="email"),
    )

    assert all(isinstance(outcome, TimeEntry) for outcome in outcomes), outcomes
    assert TimeEntry.objects.filter(support_pack=pack).count() == 3
    # The crossing was computed once: the second writer waited for the pack's lock and saw
    # the first one's minutes (without the lock both would decide to notify).
    assert enqueued == [f"pack-80:{pack.pk}"]
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [f"pack-80:{pack.pk}"]


def test_two_bookings_of_one_agent_s_day_one_wins_the_other_is_told_why():
    agent = AgentFactory(username="tina")
    tickets = [TicketFactory(), TicketFactory()]
    tomorrow = timezone.now() + timedelta(days=1)

    outcomes = at_once(
        *[
            (
                lambda t=t, h=h: services.schedule_call(
                    actor=agent,
                    ticket=t,
                    scheduled_at=tomorrow + timedelta(hours=h),
                    meeting_url="https://meet.example.com/x",
                )
            )
            for t, h in zip(tickets, (0, 1), strict=True)
        ]
    )

    won = [o for o in outcomes if isinstance(o, TechnicalCall)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert lost[0].code == "call_day_taken"
    assert "tina already has a technical call on" in lost[0].message
    assert TechnicalCall.objects.count() == 1


def test_without_the_agent_lock_the_unique_index_still_refuses_with_the_reason(monkeypatch):
    """Take away the service's lock and its check: the partial unique index is the last guard,
    and its IntegrityError becomes the same 409 with the same reason."""
    agent = AgentFactory(username="tina")
    tickets = [TicketFactory(), TicketFactory()]
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(call_services, "lock_agent", lambda agent: None)
    monkeypatch.setattr(call_services, "_has_call_that_day", lambda agent, day: False)

    outcomes = at_once(
        *[
            (
                lambda t=t, h=h: services.schedule_call(
                    actor=agent,
                    ticket=t,
                    scheduled_at=tomorrow + timedelta(hours=h),
                    meeting_url="https://meet.example.com/x",
                )
            )
            for t, h in zip(tickets, (0, 1), strict=True)
        ]
    )

    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(lost) == 1, outcomes
    assert "tina already has a technical call on" in lost[0].message
    assert TechnicalCall.objects.count() == 1
