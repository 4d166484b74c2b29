"""Due instants: day arithmetic (calendar and business days), policies, and arming on entry."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from helpdesk.core.calendar import MondayToFriday
from tests.factories import TicketFactory
from tests.tickets.timers_support import DAY, THURSDAY, moved, pending_ticket
from tickets import services, timers
from tickets.models import Ticket, TimerPolicy
from tickets.states import Status

CAL, BIZ = TimerPolicy.Unit.CALENDAR_DAYS, TimerPolicy.Unit.BUSINESS_DAYS
UTC_MON_FRI = MondayToFriday(UTC)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "unit", "expected"),
    [
        (utc(2026, 3, 5, 10), 3, CAL, utc(2026, 3, 8, 10)),  # Thu → Sun
        (utc(2026, 3, 5, 10), 3, BIZ, utc(2026, 3, 10, 10)),  # Thu → Tue
        (utc(2026, 3, 6, 23, 59), 1, BIZ, utc(2026, 3, 9, 23, 59)),  # Fri → Mon
        (utc(2026, 3, 7, 8), 1, BIZ, utc(2026, 3, 9, 8)),  # Sat → Mon
        (utc(2026, 3, 8, 8), 5, BIZ, utc(2026, 3, 13, 8)),  # Sun → Fri
        (utc(2026, 3, 2, 9), 10, BIZ, utc(2026, 3, 16, 9)),  # two whole weeks
        (utc(2026, 3, 5, 10), 0, BIZ, utc(2026, 3, 5, 10)),
    ],
)
def test_add_days(start, days, unit, expected):
    assert timers.add_days(start, days, unit, UTC_MON_FRI) == expected


def test_days_keep_the_wall_clock_across_a_dst_change():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    calendar = MondayToFriday(amsterdam)
    friday = datetime(2026, 3, 27, 10, 0, tzinfo=amsterdam)  # clocks go forward on Sunday 29th

    monday = timers.add_days(friday, 1, BIZ, calendar)
    sunday = timers.add_days(friday, 2, CAL, calendar)

    assert (monday.date(), monday.hour, monday.minute) == (date(2026, 3, 30), 10, 0)
    assert monday.astimezone(UTC) - friday.astimezone(UTC) == timedelta(hours=71)
    assert (sunday.date(), sunday.hour) == (date(2026, 3, 29), 10)


def test_a_wall_time_inside_the_dst_gap_moves_forward():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    saturday = datetime(2026, 3, 28, 2, 30, tzinfo=amsterdam)  # 02:30 does not exist on the 29th

    sunday = timers.add_days(saturday, 1, CAL, MondayToFriday(amsterdam))

    assert sunday.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (sunday.hour, sunday.minute) == (3, 30)


def test_another_calendar_can_be_passed():
    class WithHoliday(MondayToFriday):
        def is_working_day(self, day):
            return super().is_working_day(day) and day != date(2026, 3, 9)

    friday = utc(2026, 3, 6, 10)
    assert timers.add_days(friday, 1, BIZ, WithHoliday(UTC)) == utc(2026, 3, 10, 10)
    assert timers.add_days(friday, 1, BIZ, UTC_MON_FRI) == utc(2026, 3, 9, 10)


def test_negative_days_and_unknown_units_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        timers.add_days(THURSDAY, -1, CAL, UTC_MON_FRI)
    with pytest.raises(ValueError, match="unknown unit"):
        timers.add_days(THURSDAY, 1, "fortnights", UTC_MON_FRI)


# --- policies --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_writes_the_product_defaults():
    rows = dict(TimerPolicy.objects.values_list("timer", "days").filter(unit=CAL).order_by("timer"))
    assert rows == {
        "auto_close": 3,
        "hold_expiry": None,
        "pending_auto_resolve": 4,
        "pending_reminder": 3,
        "waiting_expiry": 10,
    }


@pytest.mark.django_db
def test_a_missing_policy_row_falls_back_to_the_default():
    TimerPolicy.objects.filter(timer="waiting_expiry").delete()
    assert timers.policy("waiting_expiry") == timers.Duration(10, CAL)


@pytest.mark.django_db
def test_days_must_fit_the_timer():
    with pytest.raises(ValidationError):
        TimerPolicy(timer="hold_expiry", days=3, unit=CAL).clean()
    with pytest.raises(ValidationError):
        TimerPolicy(timer="auto_close", days=None, unit=CAL).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        TimerPolicy.objects.filter(timer="auto_close").update(days=None)
    assert TimerPolicy.objects.get(timer="auto_close").days == 3


# --- arming on entry -------------------------------------------------------------------------

with_db = pytest.mark.django_db


@with_db
def test_entering_pending_arms_the_reminder(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)
    assert ticket.pending_since == THURSDAY
    assert ticket.remind_at == THURSDAY + 3 * DAY
    assert (ticket.auto_resolve_at, ticket.wait_until, ticket.close_at) == (None, None, None)


@with_db
def test_policies_in_business_days_arm_business_day_instants(time_machine, agent):
    TimerPolicy.objects.filter(timer="pending_reminder").update(days=3, unit=BIZ)
    assert pending_ticket(time_machine, agent).remind_at == datetime(2026, 3, 10, 10, tzinfo=UTC)


@with_db
def test_a_policy_change_applies_to_tickets_entering_afterwards(time_machine, agent):
    before = pending_ticket(time_machine, agent)
    TimerPolicy.objects.filter(timer="pending_reminder").update(days=5)
    after = pending_ticket(time_machine, agent)

    assert Ticket.objects.get(pk=before.pk).remind_at == THURSDAY + 3 * DAY
    assert after.remind_at == THURSDAY + 5 * DAY


@with_db
@pytest.mark.parametrize(
    ("name", "options", "field", "delay"),
    [
        ("wait_on_customer", {}, "wait_until", 10 * DAY),
        ("resolve", {}, "close_at", 3 * DAY),
        ("hold", {"hold_days": 5}, "hold_until", 5 * DAY),
    ],
)
def test_each_timed_status_arms_its_due_instant(time_machine, agent, name, options, field, delay):
    ticket = moved(time_machine, agent, name, **options)
    assert getattr(ticket, field) == THURSDAY + delay


@with_db
def test_a_hold_in_business_days_skips_the_weekend(time_machine, agent):
    TimerPolicy.objects.filter(timer="hold_expiry").update(unit=BIZ)
    ticket = moved(time_machine, agent, "hold", hold_days=2)
    assert ticket.hold_until == datetime(2026, 3, 9, 10, tzinfo=UTC)  # Thursday + 2 → Monday


@with_db
@pytest.mark.parametrize("trait", ["pending", "waiting", "on_hold", "resolved"])
def test_leaving_a_timed_status_disarms_every_timer(time_machine, trait):
    time_machine.move_to(THURSDAY, tick=False)
    soon = THURSDAY + DAY
    ticket = TicketFactory(
        **{trait: True},
        remind_at=soon,
        auto_resolve_at=soon,
        wait_until=soon,
        close_at=soon,
    )

    services.customer_reply(ticket, actor=ticket.requester, body="Still broken.")

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert [ticket.remind_at, ticket.auto_resolve_at, ticket.wait_until, ticket.close_at] == [
        None,
        None,
        None,
        None,
    ]
    assert ticket.hold_until is None
