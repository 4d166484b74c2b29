"""Seed 003: T4 below SLA Green by COB Tuesday → the leads are emailed for an extra engineer on
Wednesday. T4's seeded calendar is "Business hours", 09:00–17:00 UTC, Monday to Friday."""

from datetime import UTC, datetime, timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from helpdesk.notifications.models import Notification
from sla.models import SlaClock, SlaPolicy
from sla.services import check_t4_green
from sla.states import ClockState, Colour
from tests.factories import AgentFactory, LeadFactory, TicketFactory
from tickets.models import Tier

pytestmark = pytest.mark.django_db

COB_TUESDAY = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


@pytest.fixture
def leads(db):
    AgentFactory(username="tina")  # an agent: not told
    return [LeadFactory(username="lena"), LeadFactory(username="lars")]


def t4_clocks(green: int, other: int) -> None:
    """T4's open clocks, and one stopped Green clock that does not count."""
    t4 = Tier.objects.get(code="T4")
    policy = SlaPolicy.objects.get(tier=t4)
    rows = [(Colour.GREEN, ClockState.RUNNING)] * green + [(Colour.RED, ClockState.PAUSED)] * other
    for colour, state in [*rows, (Colour.GREEN, ClockState.STOPPED)]:
        SlaClock.objects.create(
            ticket=TicketFactory(tier=t4),
            tier=t4,
            policy=policy,
            colour=colour,
            state=state,
            started_at=COB_TUESDAY - timedelta(days=1),
        )


def mails():
    return Notification.objects.filter(kind="sla_t4_below_green").order_by("recipient")


def test_below_target_at_cob_tuesday_emails_each_lead_once_a_week(leads):
    t4_clocks(green=1, other=2)  # 33 % Green against the seeded 80 %

    first = check_t4_green(COB_TUESDAY)
    again = check_t4_green(COB_TUESDAY + timedelta(minutes=15))

    assert (first.due, first.queued, first.share.percent) == (True, 2, 33)
    assert (again.due, again.queued) == (True, 0)
    assert list(mails().values_list("recipient", flat=True)) == [
        "lars@example.com",
        "lena@example.com",
    ]
    mail = mails().first()
    assert mail.subject == (
        "[SLA] T4 below Green target by COB Tuesday: an extra engineer for Wednesday?"
    )
    assert "1 of its 3 open tickets are Green (33%, target 80%)" in mail.body_text
    assert "additional engineer on T4 on Wednesday 11 March" in mail.body_text
    assert mail.dedupe_key == "t4-green:2026-W11:lars@example.com"


def test_nothing_before_cob_tuesday_or_after_the_window(leads):
    t4_clocks(green=0, other=3)

    for at in (
        COB_TUESDAY - timedelta(minutes=1),
        COB_TUESDAY - timedelta(days=1),  # Monday
        COB_TUESDAY + timedelta(days=1),  # Wednesday's close: the extra engineer is moot
    ):
        assert check_t4_green(at).due is False
    assert not mails().exists()


def test_at_target_nobody_is_emailed(leads):
    t4_clocks(green=4, other=1)  # 80 %: meets the target

    result = check_t4_green(COB_TUESDAY + timedelta(hours=2))

    assert (result.due, result.queued, result.share.percent) == (True, 0, 80)
    assert not mails().exists()


def test_a_later_week_asks_again(leads):
    t4_clocks(green=0, other=1)
    check_t4_green(COB_TUESDAY)

    check_t4_green(COB_TUESDAY + timedelta(days=7))

    assert sorted(mails().values_list("dedupe_key", flat=True)) == [
        "t4-green:2026-W11:lars@example.com",
        "t4-green:2026-W11:lena@example.com",
        "t4-green:2026-W12:lars@example.com",
        "t4-green:2026-W12:lena@example.com",
    ]


def test_the_policy_target_decides(leads):
    t4_clocks(green=1, other=1)
    SlaPolicy.objects.filter(tier__code="T4").update(green_target_percent=50)

    assert check_t4_green(COB_TUESDAY).queued == 0

    SlaPolicy.objects.filter(tier__code="T4").update(green_target_percent=60)
    assert check_t4_green(COB_TUESDAY).queued == 2


def test_beat_runs_the_check_every_15_minutes():
    task = PeriodicTask.objects.select_related("interval").get(task="sla.check_t4_green")
    assert (task.enabled, task.interval.every, task.interval.period) == (True, 15, "minutes")
