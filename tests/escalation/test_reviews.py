"""The leads' weekly review and the T3 morning check."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from escalation import selectors, services
from escalation.errors import NotSilentYet
from escalation.states import STILL_LOOKING_MESSAGE
from helpdesk.core.calendar import business_days_before
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def local(*args):
    return datetime(*args, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_business_days_back_skip_the_weekend():
    tuesday = local(2026, 3, 24, 9, 30)
    assert business_days_before(tuesday, 2) == local(2026, 3, 20, 9, 30)  # Friday
    assert business_days_before(local(2026, 3, 28, 12), 1) == local(2026, 3, 27, 12)  # Sat → Fri
    assert business_days_before(tuesday, 0) == tuesday


def escalate(in_tier, staff, when, **down):
    with time_machine.travel(when, tick=False):
        ticket = in_tier("T2")
        services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    if down:
        with time_machine.travel(when + timedelta(hours=1), tick=False):
            services.escalate_down(ticket, actor=staff["T3"], **down)
    return ticket


def test_the_weekly_review_lists_tagged_escalations_of_the_week(in_tier, staff):
    monday = local(2026, 3, 23, 10)
    missed = escalate(
        in_tier, staff, monday, outcome="missed_doc", doc_url="https://docs.example.com/a"
    )
    escalate(in_tier, staff, monday, outcome="answered", answer="Done.")  # not tagged
    escalate(
        in_tier,
        staff,
        monday - timedelta(days=7),
        outcome="missed_doc",
        doc_url="https://docs.example.com/b",
    )

    rows = list(selectors.review_list(monday.date()))

    assert [(row.ticket, row.doc_url) for row in rows] == [(missed, "https://docs.example.com/a")]
    assert [t.name for t in rows[0].ticket.tags.all()] == ["Missed Doc Review"]


def test_the_review_list_costs_the_same_queries_for_1_and_5_rows(
    in_tier, staff, django_assert_num_queries
):
    monday = local(2026, 3, 23, 10)

    def shown():
        """What the review page reads of each row."""
        return [
            (
                row.ticket.pk,
                row.ticket.organization.name,
                (row.from_tier.code, row.to_tier.code, row.actor.username, row.doc_url),
                [tag.name for tag in row.ticket.tags.all()],
                [(e.from_tier.code, e.to_tier.code, e.actor.username) for e in row.ticket.thread],
            )
            for row in selectors.review_list(monday.date())
        ]

    def expected(ticket):
        return (
            ticket.pk,
            ticket.organization.name,
            ("T3", "T2", "t3", "https://d.example.com"),
            ["Missed Doc Review"],
            [("T2", "T3", "t2"), ("T3", "T2", "t3")],
        )

    escalated = [
        escalate(in_tier, staff, monday, outcome="missed_doc", doc_url="https://d.example.com")
    ]
    with django_assert_num_queries(3):
        rows = shown()
    assert rows == [expected(ticket) for ticket in escalated]
    for _ in range(4):
        escalated.append(
            escalate(in_tier, staff, monday, outcome="missed_doc", doc_url="https://d.example.com")
        )
    with django_assert_num_queries(3):
        rows = shown()
    assert rows == [expected(ticket) for ticket in escalated]


def test_leads_mark_a_review_once(in_tier, staff):
    ticket = escalate(
        in_tier,
        staff,
        local(2026, 3, 23, 10),
        outcome="missed_doc",
        doc_url="https://d.example.com",
    )
    down = ticket.escalations.get(direction="down")
    with pytest.raises(PermissionDenied):
        services.mark_reviewed(down, actor=staff["T3"])

    with time_machine.travel(local(2026, 3, 30, 9), tick=False):
        services.mark_reviewed(down, actor=staff["lead"])
    services.mark_reviewed(down, actor=staff["lead"])  # again: no change

    down.refresh_from_db()
    assert (down.reviewed_by, down.reviewed_at) == (staff["lead"], local(2026, 3, 30, 9))
    up = ticket.escalations.get(direction="up")
    with pytest.raises(ValidationFailed, match="nothing to review"):
        services.mark_reviewed(up, actor=staff["lead"])


def test_the_morning_check_lists_the_silent_tickets_first(in_tier, staff, tier):
    silent = escalate(in_tier, staff, local(2026, 3, 18, 10))  # Wednesday
    fresh = escalate(in_tier, staff, local(2026, 3, 23, 16))  # Monday
    also_silent = escalate(in_tier, staff, local(2026, 3, 19, 10))  # Thursday
    with time_machine.travel(local(2026, 3, 20, 9), tick=False):
        tickets.reply(also_silent, actor=staff["T3"], body="Still digging.")

    rows = selectors.morning_check(staff["T3"], tier("T3"), local(2026, 3, 24, 10))

    assert [(row.ticket, row.overdue) for row in rows] == [
        (silent, True),
        (also_silent, True),
        (fresh, False),
    ]
    assert rows[1].since == local(2026, 3, 20, 9)
    assert rows[0].escalation.from_tier == tier("T2")


def test_still_looking_goes_out_once_and_only_to_silent_tickets(in_tier, staff):
    ticket = escalate(in_tier, staff, local(2026, 3, 18, 10))
    before = world()
    with (
        time_machine.travel(local(2026, 3, 19, 10), tick=False),
        pytest.raises(NotSilentYet, match="has not been waiting 2 business days"),
    ):
        services.send_still_looking(ticket, actor=staff["T3"])
    assert world() == before

    with time_machine.travel(local(2026, 3, 20, 10, 1), tick=False):
        message = services.send_still_looking(ticket, actor=staff["T3"])
        with pytest.raises(NotSilentYet):
            services.send_still_looking(ticket, actor=staff["T3"])  # the double click

    assert message.body == STILL_LOOKING_MESSAGE
    assert Message.objects.filter(ticket=ticket, body=STILL_LOOKING_MESSAGE).count() == 1
    assert message.kind == MessageKind.PUBLIC_REPLY
