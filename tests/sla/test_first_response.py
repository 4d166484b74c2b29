"""First-response clocks (issue 16, seed 001): each category's target is an SLA clock of its
own, on the "Business hours" calendar (UTC, Mon–Fri 09:00–17:00). Monday 2026-03-23."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps

from helpdesk.notifications.models import InAppNotification
from sla.business_time import add_business_minutes
from sla.models import BusinessCalendar, FirstAssignmentTarget, FirstResponseClock
from sla.states import ClockState, Colour
from sla.sweeps import sweep_colours
from tests.factories import AgentFactory, CustomerFactory
from tickets import services
from tickets.models import Tier

pytestmark = pytest.mark.django_db
backfill_migration = importlib.import_module("sla.migrations.0010_backfill_first_response_clocks")


def at(*args):
    return datetime(*args, tzinfo=UTC)


def submit(when, category="urgent_issue", subject="Checkout is down"):
    with time_machine.travel(when, tick=False):
        return services.submit_ticket(
            actor=CustomerFactory(), subject=subject, description="d", category=category, at=when
        )


def clock_of(ticket) -> FirstResponseClock:
    return FirstResponseClock.objects.get(ticket=ticket)


def red_alerts():
    return list(
        InAppNotification.objects.filter(event="sla_red", title__startswith="First response")
    )


def test_an_urgent_ticket_at_nine_on_monday_is_due_at_ten():
    ticket = submit(at(2026, 3, 23, 9))
    clock = clock_of(ticket)
    assert (clock.state, clock.colour, clock.category) == ("running", "green", "urgent_issue")
    assert clock.target_minutes == 60
    assert clock.yellow_at == at(2026, 3, 23, 9, 30)  # half the target
    assert clock.due_at == at(2026, 3, 23, 10)


def test_after_hours_on_friday_it_is_due_the_next_business_morning():
    ticket = submit(at(2026, 3, 27, 17, 30))
    clock = clock_of(ticket)
    assert clock.yellow_at == at(2026, 3, 30, 9, 30)
    assert clock.due_at == at(2026, 3, 30, 10)


def test_the_yellow_share_is_configurable_per_target():
    FirstAssignmentTarget.objects.filter(category="server_issue").update(yellow_percent=75)
    ticket = submit(at(2026, 3, 23, 9), category="server_issue")
    assert clock_of(ticket).yellow_at == at(2026, 3, 23, 12)  # 3 of 4 business hours
    assert clock_of(ticket).due_at == at(2026, 3, 23, 13)


def test_the_first_public_reply_stops_it_green_and_records_business_minutes():
    ticket = submit(at(2026, 3, 23, 9))
    with time_machine.travel(at(2026, 3, 23, 9, 20), tick=False):
        services.reply(ticket, actor=AgentFactory(), body="Looking at it now.")
    clock = clock_of(ticket)
    assert (clock.state, clock.colour) == (ClockState.STOPPED, Colour.GREEN)
    assert clock.responded_at == at(2026, 3, 23, 9, 20)
    assert clock.response_minutes == 20
    assert not clock.breached
    # Nothing more happens to it: the sweep past its due instant leaves it alone.
    result = sweep_colours(now=at(2026, 3, 23, 11))
    assert result.first_response == {"yellow": 0, "red": 0}
    assert clock_of(ticket).colour == Colour.GREEN
    assert red_alerts() == []


def test_an_internal_note_does_not_stop_it():
    ticket = submit(at(2026, 3, 23, 9))
    with time_machine.travel(at(2026, 3, 23, 9, 20), tick=False):
        services.add_internal_note(ticket, actor=AgentFactory(), body="Checking logs")
    assert clock_of(ticket).state == ClockState.RUNNING


def test_the_sweep_turns_it_yellow_then_red_once_and_red_raises_one_alert():
    zoe = AgentFactory(username="zoe")
    ticket = submit(at(2026, 3, 23, 9))
    services.assign(ticket, actor=zoe, assignee=zoe)

    assert sweep_colours(now=at(2026, 3, 23, 9, 29)).first_response == {"yellow": 0, "red": 0}
    assert sweep_colours(now=at(2026, 3, 23, 9, 30)).first_response == {"yellow": 1, "red": 0}
    assert clock_of(ticket).colour == Colour.YELLOW
    assert red_alerts() == []

    first = sweep_colours(now=at(2026, 3, 23, 10))
    again = sweep_colours(now=at(2026, 3, 23, 10, 5))
    assert first.first_response == {"yellow": 0, "red": 1}
    assert again.first_response == {"yellow": 0, "red": 0}
    clock = clock_of(ticket)
    assert (clock.colour, clock.breached_at) == (Colour.RED, at(2026, 3, 23, 10))
    (alert,) = red_alerts()
    assert alert.user == zoe
    assert alert.title == f"First response overdue on #{ticket.pk}: Checkout is down"
    # The tier clock (Triage: Yellow after 2 business hours) has not changed colour.
    assert first.turned == {"yellow": 0, "red": 0}


def test_red_on_an_unassigned_ticket_tells_the_agents_of_its_tier():
    triage = Tier.objects.get(slug="triage")
    triage.members.add(AgentFactory(username="ana"), AgentFactory(username="ben"))
    submit(at(2026, 3, 23, 9))
    sweep_colours(now=at(2026, 3, 23, 10, 1))
    assert sorted(a.user.username for a in red_alerts()) == ["ana", "ben"]


def test_a_clock_past_both_instants_goes_straight_to_red():
    ticket = submit(at(2026, 3, 23, 9))
    result = sweep_colours(now=at(2026, 3, 24, 9))
    assert result.first_response == {"yellow": 0, "red": 1}
    assert clock_of(ticket).colour == Colour.RED


def test_a_late_reply_counts_as_a_breach_even_before_the_sweep():
    ticket = submit(at(2026, 3, 23, 9))
    with time_machine.travel(at(2026, 3, 23, 10, 30), tick=False):
        services.reply(ticket, actor=AgentFactory(), body="Sorry for the wait.")
    clock = clock_of(ticket)
    assert (clock.state, clock.colour) == (ClockState.STOPPED, Colour.RED)
    assert clock.breached_at == at(2026, 3, 23, 10)
    assert clock.response_minutes == 90
    assert sweep_colours(now=at(2026, 3, 23, 11)).first_response == {"yellow": 0, "red": 0}
    assert red_alerts() == []


def test_resolving_unanswered_stops_it_without_a_response():
    agent = AgentFactory()
    ticket = submit(at(2026, 3, 23, 9))
    with time_machine.travel(at(2026, 3, 23, 9, 10), tick=False):
        services.assign(ticket, actor=agent, assignee=agent)
        services.transition(ticket, actor=agent, name="resolve")
    clock = clock_of(ticket)
    assert clock.state == ClockState.STOPPED
    assert clock.responded_at is None
    assert clock.stopped_at == at(2026, 3, 23, 9, 10)


def test_a_category_without_a_target_gets_no_clock():
    FirstAssignmentTarget.objects.filter(category="question").delete()
    ticket = submit(at(2026, 3, 23, 9), category="question")
    assert not FirstResponseClock.objects.filter(ticket=ticket).exists()
    assert sweep_colours(now=at(2026, 4, 23, 9)).first_response == {"yellow": 0, "red": 0}


def test_changing_the_category_before_the_reply_moves_the_deadline():
    lead = AgentFactory(is_superuser=True)
    ticket = submit(at(2026, 3, 23, 9), category="question")
    assert clock_of(ticket).due_at == at(2026, 3, 25, 17)  # 3 business days
    with time_machine.travel(at(2026, 3, 23, 9, 10), tick=False):
        services.reclassify(ticket, actor=lead, category="urgent_issue")
    clock = clock_of(ticket)
    assert (clock.category, clock.due_at, clock.colour) == (
        "urgent_issue",
        at(2026, 3, 23, 10),
        "green",
    )


def test_backfill_gives_open_unanswered_tickets_a_clock_and_reverses():
    now = datetime.now(UTC)
    fresh = submit(now - timedelta(minutes=1))
    old = submit(now - timedelta(days=30), subject="Old")
    answered = submit(now - timedelta(days=2), subject="Answered")
    services.reply(answered, actor=AgentFactory(), body="Done.")
    FirstResponseClock.objects.filter(ticket__in=[fresh, old]).delete()
    InAppNotification.objects.all().delete()

    backfill_migration.backfill(apps, None)
    backfill_migration.backfill(apps, None)  # a second run adds nothing

    made = {c.ticket_id: c for c in FirstResponseClock.objects.filter(backfilled=True)}
    assert set(made) == {fresh.pk, old.pk}
    assert made[old.pk].colour == Colour.RED
    assert made[old.pk].breached_at == made[old.pk].due_at
    assert made[fresh.pk].started_at == fresh.created_at
    assert made[fresh.pk].due_at == clock_due(fresh.created_at)
    # Old breaches are recorded, not paged: the sweep finds nothing to turn Red.
    assert sweep_colours().first_response["red"] == 0
    assert red_alerts() == []

    backfill_migration.remove(apps, None)
    assert not FirstResponseClock.objects.filter(ticket__in=[fresh, old]).exists()
    assert FirstResponseClock.objects.filter(ticket=answered).exists()


def clock_due(created):
    return add_business_minutes(BusinessCalendar.objects.get(name="Business hours"), created, 60)


def test_a_custom_code_case_is_due_within_one_business_day():
    """Seed 002's case type has the target its portal card promises (sla 0011)."""
    ticket = submit(at(2026, 3, 23, 9), category="custom_code", subject="Our booking bridge fails")
    clock = clock_of(ticket)
    assert (clock.category, clock.target_minutes) == ("custom_code", 480)
    assert clock.due_at == at(2026, 3, 23, 17)
