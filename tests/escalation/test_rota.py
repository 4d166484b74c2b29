"""The Triage and T3 rotas (seed 003-15) and the nudge of last week's T3 (003-22)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from escalation import services
from escalation.models import OnCallShift, RotaShift, T3Nudge
from escalation.selectors import rota as rota_selectors
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.core.weeks import Week
from helpdesk.notifications.models import InAppNotification, StaffEvent
from tests.factories import AgentFactory
from tickets import services as tickets
from tickets.models import Message, Ticket

THIS_WEEK = Week(date(2026, 12, 7))  # Monday 7 December 2026
LAST_WEEK = THIS_WEEK.previous


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def on_rota(rota, agent, week: Week) -> RotaShift:
    return RotaShift.objects.create(rota=rota, agent=agent, starts_at=week.start, ends_at=week.end)


# --- setting a shift --------------------------------------------------------------------------


def test_a_lead_puts_a_t2_agent_on_triage(staff):
    shift = services.add_rota_shift(
        actor=staff["lead"],
        rota="triage",
        agent=staff["T2"],
        starts_at=THIS_WEEK.start,
        ends_at=THIS_WEEK.end,
    )
    assert (shift.rota, shift.agent) == ("triage", staff["T2"])


def test_only_leads_set_rotas(staff):
    with pytest.raises(PermissionDenied, match="Only leads set the rotas"):
        services.add_rota_shift(
            actor=staff["T2"],
            rota="triage",
            agent=staff["T2"],
            starts_at=THIS_WEEK.start,
            ends_at=THIS_WEEK.end,
        )
    assert RotaShift.objects.count() == 0


def test_triage_is_staffed_from_t2_and_the_t3_week_from_t3(staff):
    with pytest.raises(ValidationFailed) as refused:
        services.add_rota_shift(
            actor=staff["lead"],
            rota="triage",
            agent=staff["T3"],
            starts_at=THIS_WEEK.start,
            ends_at=THIS_WEEK.end,
        )
    assert refused.value.details["fields"]["agent"] == [
        "t3 is not an active member of T2: Triage is staffed from T2."
    ]
    with pytest.raises(ValidationFailed):
        services.add_rota_shift(
            actor=staff["lead"],
            rota="t3",
            agent=staff["T2"],
            starts_at=THIS_WEEK.start,
            ends_at=THIS_WEEK.end,
        )
    assert RotaShift.objects.count() == 0


def test_one_person_per_shift_and_a_shift_ends_after_it_starts(staff, tier):
    other = AgentFactory(username="tess")
    tier("T2").members.add(other)
    on_rota("triage", staff["T2"], THIS_WEEK)
    with pytest.raises(ValidationFailed) as refused:
        services.add_rota_shift(
            actor=staff["lead"],
            rota="triage",
            agent=other,
            starts_at=THIS_WEEK.start + timedelta(days=2),
            ends_at=THIS_WEEK.end + timedelta(days=2),
        )
    assert "t2 is already on Triage then" in refused.value.details["fields"]["starts_at"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.add_rota_shift(
            actor=staff["lead"],
            rota="triage",
            agent=other,
            starts_at=THIS_WEEK.end,
            ends_at=THIS_WEEK.start,
        )
    assert refused.value.details["fields"]["ends_at"] == ["A rota shift must end after it starts."]
    assert RotaShift.objects.count() == 1
    # The T3 rota is another rota: the same week is free there.
    services.add_rota_shift(
        actor=staff["lead"],
        rota="t3",
        agent=staff["T3"],
        starts_at=THIS_WEEK.start,
        ends_at=THIS_WEEK.end,
    )


def test_the_rota_weeks_name_this_and_last_weeks_people(staff):
    on_rota("t3", staff["T3"], LAST_WEEK)
    on_rota("triage", staff["T2"], THIS_WEEK)
    now, before = rota_selectors.rota_weeks(THIS_WEEK)
    assert (now.names("t3"), now.names("triage")) == ([], ["t2"])
    assert (before.names("t3"), before.names("triage")) == (["t3"], [])


# --- the nudge of last week's T3 ----------------------------------------------------------------


@pytest.fixture
def held(staff, tier, in_tier):
    """A T3 ticket assigned to last week's T3 (``t3``); ``newt`` is T3 this week. The customer
    wrote on Monday 7 December at 10:00."""
    newt = AgentFactory(username="newt")
    tier("T3").members.add(newt)
    on_rota("t3", staff["T3"], LAST_WEEK)
    on_rota("t3", newt, THIS_WEEK)
    ticket = in_tier("T3")
    tickets.assign(ticket, actor=staff["lead"], assignee=staff["T3"])
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at(date(2026, 12, 3), 9))
    Message.objects.filter(ticket=ticket).update(created_at=at(date(2026, 12, 3), 9))
    tickets.customer_reply(ticket, actor=staff["customer"], body="Any news?")
    Message.objects.filter(ticket=ticket, kind="customer_reply").update(
        created_at=at(date(2026, 12, 7), 10)
    )
    return ticket


def nudges(user):
    return list(
        InAppNotification.objects.filter(user=user, event=StaffEvent.HANDOVER).values_list(
            "ticket_number", flat=True
        )
    )


def test_last_weeks_t3_is_nudged_once_after_one_business_day(staff, held):
    assert services.nudge_previous_t3(at(date(2026, 12, 8), 9)) == 0  # 23 hours: not yet
    assert services.nudge_previous_t3(at(date(2026, 12, 8), 11)) == 1
    nudge = T3Nudge.objects.get()
    assert (nudge.ticket_id, nudge.agent, nudge.week_start) == (
        held.pk,
        staff["T3"],
        THIS_WEEK.monday,
    )
    assert nudge.waiting_since == at(date(2026, 12, 7), 10)
    assert nudges(staff["T3"]) == [held.pk]
    # Again, later the same week: nothing more.
    assert services.nudge_previous_t3(at(date(2026, 12, 10), 11)) == 0
    assert T3Nudge.objects.count() == 1
    assert nudges(staff["T3"]) == [held.pk]


def test_silence_counts_from_the_week_change_when_the_customer_wrote_earlier(staff, held):
    Message.objects.filter(ticket=held, kind="customer_reply").update(
        created_at=at(date(2026, 12, 2), 10)
    )
    # From Monday 00:00: Tuesday 00:00 is one business day.
    assert services.nudge_previous_t3(at(date(2026, 12, 7), 23)) == 0
    assert services.nudge_previous_t3(at(date(2026, 12, 8), 1)) == 1


def test_no_nudge_when_the_previous_t3_answered_since_the_customer_wrote(staff, held):
    tickets.reply(held, actor=staff["T3"], body="We found it; fix on Thursday.")
    assert services.nudge_previous_t3(at(date(2026, 12, 9), 11)) == 0
    assert T3Nudge.objects.count() == 0
    assert nudges(staff["T3"]) == []


def test_no_nudge_when_the_engineer_is_t3_again_this_week(staff, held):
    on_rota("t3", staff["T3"], THIS_WEEK)
    assert rota_selectors.previous_t3_ids(THIS_WEEK) == set()
    assert services.nudge_previous_t3(at(date(2026, 12, 9), 11)) == 0


def test_no_nudge_once_the_ticket_left_t3(staff, held, tier):
    tickets.move_to_tier(held, actor=staff["lead"], tier=tier("T4"))
    assert services.nudge_previous_t3(at(date(2026, 12, 9), 11)) == 0


def test_no_nudge_once_the_ticket_is_this_weeks_t3s(staff, held):
    newt = rota_selectors.t3_agent_ids(THIS_WEEK).pop()
    tickets.assign(held, actor=staff["lead"], assignee=type(staff["lead"]).objects.get(pk=newt))
    assert services.nudge_previous_t3(at(date(2026, 12, 9), 11)) == 0


# --- the rotas page ---------------------------------------------------------------------------


def test_the_rota_page_query_count_is_the_same_for_5_and_50_rows(staff, django_assert_num_queries):
    client = Client()
    client.force_login(staff["T2"])

    def add(count):
        for n in range(count):
            start = THIS_WEEK.start + timedelta(hours=n)
            for rota in ("triage", "t3"):
                RotaShift.objects.create(
                    rota=rota,
                    agent=staff["T3"],
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                )
            OnCallShift.objects.create(
                agent=staff["T4"], starts_at=start, ends_at=start + timedelta(hours=1)
            )

    def page():
        response = client.get(reverse("escalation-rota"), {"week": THIS_WEEK.iso})
        assert response.status_code == 200
        return response.content.decode()

    # session, user, groups, the bell, the header's timer; the rota shifts, the on-call shifts
    add(5)
    with django_assert_num_queries(7):
        body = page()
    assert body.count('data-rota="triage"') == body.count('data-rota="t3"') == 5
    assert body.count('data-rota="on_call"') == 5
    add(45)
    with django_assert_num_queries(7):
        body = page()
    assert body.count('data-rota="triage"') == body.count('data-rota="t3"') == 50
    assert body.count('data-rota="on_call"') == 50
    assert "Week 2026-W50" in body
    assert "The week before, 2026-W49" in body
