"""SLA clocks follow a ticket through tiers and statuses; the sweep turns them Yellow and Red.

The walk-through runs on the Madrid office calendar (Mon–Fri 09:00–17:00) with a holiday and
across the spring DST change, and every expected instant is computed by hand in the comments.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from helpdesk.notifications.models import Notification
from sla.models import BusinessCalendar, Holiday, SlaClock, SlaPolicy, WorkingInterval
from sla.policies import standing
from sla.states import ClockState, Colour
from sla.sweeps import sweep_colours
from tests.factories import AgentFactory, CustomerFactory
from tickets import services
from tickets.models import Tier

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


def at(*args):
    return datetime(*args, tzinfo=MADRID)


@pytest.fixture
def madrid(db):
    calendar = BusinessCalendar.objects.create(name="Madrid office", timezone="Europe/Madrid")
    for day in range(5):
        WorkingInterval.objects.create(calendar=calendar, weekday=day, start=time(9), end=time(17))
    # Thursday 2026-03-26 is a holiday.
    Holiday.objects.create(calendar=calendar, date=date(2026, 3, 26), name="Local holiday")
    SlaPolicy.objects.filter(tier__slug__in=["triage", "t2", "t3"]).update(calendar=calendar)
    return calendar


def clock(ticket, slug) -> SlaClock:
    return SlaClock.objects.select_related("policy__calendar").get(ticket=ticket, tier__slug=slug)


def test_walk_through_triage_t2_pending_open_t3(madrid):
    agent = AgentFactory()
    lead = AgentFactory(email="lead@example.com")
    Tier.objects.filter(slug="t2").update(lead=lead)
    customer = CustomerFactory()

    # Monday 2026-03-23 10:00: submitted; Triage: Yellow after 2h, Red after 1 business day.
    with time_machine.travel(at(2026, 3, 23, 10), tick=False):
        ticket = services.submit_ticket(
            actor=customer, subject="Broken", description="d", category="issue_with_error"
        )
    triage = clock(ticket, "triage")
    assert (triage.state, triage.colour) == (ClockState.RUNNING, Colour.GREEN)
    assert triage.yellow_at == at(2026, 3, 23, 12)
    assert triage.red_at == at(2026, 3, 24, 10)

    # 12:00 the sweep turns Triage Yellow.
    assert sweep_colours(now=at(2026, 3, 23, 12)).turned == {"yellow": 1, "red": 0}
    assert clock(ticket, "triage").colour == Colour.YELLOW

    # 13:00 escalated to T2: Triage stops Yellow at 180 minutes; T2 starts (Yellow at 1 day).
    with time_machine.travel(at(2026, 3, 23, 13), tick=False):
        services.move_to_tier(ticket, actor=agent, tier=Tier.objects.get(slug="t2"))
    triage = clock(ticket, "triage")
    assert (triage.state, triage.colour, triage.elapsed_minutes) == ("stopped", "yellow", 180)
    t2 = clock(ticket, "t2")
    assert t2.yellow_at == at(2026, 3, 24, 13)  # 4h left Monday + 4h Tuesday
    assert t2.red_at == at(2026, 3, 25, 13)

    # Tuesday 11:00 reply and Pending: T2 pauses with 4h + 2h = 360 minutes counted.
    with time_machine.travel(at(2026, 3, 24, 11), tick=False):
        services.reply(ticket, actor=agent, body="Try this", set_pending=True)
    t2 = clock(ticket, "t2")
    assert (t2.state, t2.elapsed_minutes, t2.yellow_at, t2.red_at) == ("paused", 360, None, None)
    assert sweep_colours(now=at(2026, 3, 30, 12)).turned == {"yellow": 0, "red": 0}

    # Friday 2026-03-27 16:00 the customer answers: Open, T2 resumes with 120 minutes to Yellow
    # (Friday 16:00-17:00, Monday 09:00-10:00; Thursday was a holiday and is never counted).
    # The weekend is the spring DST change (Sunday 29 March): wall-clock hours are unaffected.
    with time_machine.travel(at(2026, 3, 27, 16), tick=False):
        services.customer_reply(ticket, actor=customer, body="Still broken")
    t2 = clock(ticket, "t2")
    assert t2.state == "running"
    assert t2.yellow_at == at(2026, 3, 30, 10)
    assert t2.red_at == at(2026, 3, 31, 10)  # 600 left: Fri 16-17, Mon 9-17, Tue 9-10

    # Monday 10:00 the sweep turns T2 Yellow and tells the tier's lead (the ticket is unassigned).
    assert sweep_colours(now=at(2026, 3, 30, 10)).turned == {"yellow": 1, "red": 0}
    note = Notification.objects.get(kind="sla_yellow")
    assert note.recipient == "lead@example.com"
    assert f"#{ticket.pk}" in note.subject
    assert sweep_colours(now=at(2026, 3, 30, 10)).turned == {"yellow": 0, "red": 0}

    # Monday 11:00 escalated to T3: T2 stops at 360 + 60 + 120 = 540 minutes; T3 starts fresh.
    with time_machine.travel(at(2026, 3, 30, 11), tick=False):
        services.move_to_tier(ticket, actor=agent, tier=Tier.objects.get(slug="t3"))
    assert clock(ticket, "t2").elapsed_minutes == 540
    t3 = clock(ticket, "t3")
    assert (t3.yellow_at, t3.red_at) == (at(2026, 3, 31, 11), at(2026, 4, 1, 11))

    # Nobody sweeps until Wednesday 11:00: T3 goes straight to Red, one event, one change.
    assert sweep_colours(now=at(2026, 4, 1, 11)).turned == {"yellow": 0, "red": 1}
    t3 = clock(ticket, "t3")
    assert t3.colour == Colour.RED
    assert [e.kind for e in t3.events.all()] == ["started", "red"]
    assert standing(t3, at(2026, 4, 1, 14)).text == "Red — 3h over"

    # Back to T2: its clock resumes where it stopped (Yellow, 540 counted), no new clock.
    with time_machine.travel(at(2026, 4, 1, 15), tick=False):
        services.move_to_tier(ticket, actor=agent, tier=Tier.objects.get(slug="t2"))
    t2 = clock(ticket, "t2")
    assert (t2.state, t2.colour, t2.elapsed_minutes) == ("running", "yellow", 540)
    assert t2.red_at == at(2026, 4, 2, 14)  # 420 left: Wed 15-17 (120) + Thu 9-14 (300)
    assert standing(t2, at(2026, 4, 1, 16)).text == "Yellow — 6h left"
    assert SlaClock.objects.filter(ticket=ticket).count() == 3


def test_resolving_stops_the_clock_and_reopening_resumes_it(madrid):
    agent = AgentFactory()
    with time_machine.travel(at(2026, 3, 23, 9), tick=False):
        ticket = services.submit_ticket(
            actor=CustomerFactory(), subject="s", description="d", category="question"
        )
    with time_machine.travel(at(2026, 3, 23, 10), tick=False):
        services.transition(ticket, actor=agent, name="resolve")
    triage = clock(ticket, "triage")
    assert (triage.state, triage.elapsed_minutes) == ("stopped", 60)
    with time_machine.travel(at(2026, 3, 23, 11), tick=False):
        services.transition(ticket, actor=agent, name="reopen")
    triage = clock(ticket, "triage")
    assert triage.state == "running"
    assert triage.yellow_at == at(2026, 3, 23, 12)  # 60 counted, 60 more to Yellow


def test_a_paused_status_can_be_configured_to_keep_counting(madrid):
    SlaPolicy.objects.filter(tier__slug="triage").update(pause_on_hold=False)
    agent = AgentFactory()
    with time_machine.travel(at(2026, 3, 23, 9), tick=False):
        ticket = services.submit_ticket(
            actor=CustomerFactory(), subject="s", description="d", category="question"
        )
        services.transition(ticket, actor=agent, name="hold", hold_days=2)
    assert clock(ticket, "triage").state == "running"
    with time_machine.travel(at(2026, 3, 23, 9, 30), tick=False):
        services.transition(ticket, actor=agent, name="wait_on_customer")
    assert clock(ticket, "triage").state == "paused"
