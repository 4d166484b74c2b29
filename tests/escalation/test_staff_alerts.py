"""Escalation's staff alerts: escalated to your tier, a followed ticket changed ("Follow this
ticket" finally notifies), and the On-Call page in the desk as well as by mail."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from escalation import services
from escalation.models import OnCallShift, TicketRouting
from escalation.sweeps import run_on_call_chain
from helpdesk.notifications.models import InAppNotification, Notification, StaffSettings
from tests.factories import AgentFactory
from tickets import services as tickets

pytestmark = pytest.mark.django_db


def inapp(event) -> Counter:
    return Counter(
        InAppNotification.objects.filter(event=event).values_list("user__username", flat=True)
    )


def mails(kind) -> Counter:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_escalating_up_tells_the_agents_of_the_target_tier_not_the_escalator(in_tier, staff, tier):
    tier("T2").members.add(staff["T1"])  # the escalator also works T2: not told of their own act
    ticket = in_tier("T1")

    services.escalate_up(
        ticket, actor=staff["T1"], questions=["Why?"], target_tier="T2", customer_message="Up."
    )

    assert inapp("escalated") == Counter({"t2": 1})
    assert mails("staff_escalated") == Counter({"t2@example.com": 1})
    row = InAppNotification.objects.get(event="escalated")
    assert row.title == f"#{ticket.pk} was escalated to T2: {ticket.subject}"


def test_escalating_down_tells_the_lower_tier_unless_the_answerer_keeps_it(in_tier, staff):
    ticket = in_tier("T3")
    services.escalate_down(
        ticket, actor=staff["T3"], outcome="answered", target_tier="T2", answer="Fixed."
    )
    assert inapp("escalated") == Counter()

    other = in_tier("T3")
    services.escalate_down(
        other,
        actor=staff["T3"],
        outcome="missed_doc",
        target_tier="T1",
        doc_url="https://docs.example.com/a",
    )
    assert inapp("escalated") == Counter({"t1": 1})


@pytest.fixture
def followed(in_tier, staff):
    ticket = in_tier("T2")
    fay, gus = AgentFactory(username="fay"), AgentFactory(username="gus")
    routing, _ = TicketRouting.objects.get_or_create(ticket=ticket)
    routing.followers.add(fay, gus, staff["T2"])
    ticket.refresh_from_db()
    return ticket


def test_followers_hear_of_status_changes_in_the_desk_but_not_the_one_who_changed_it(
    followed, staff
):
    tickets.transition(followed, actor=staff["T2"], name="resolve")

    assert inapp("followed_changed") == Counter({"fay": 1, "gus": 1})
    assert mails("staff_followed_changed") == Counter()  # in-app only by default
    row = InAppNotification.objects.filter(event="followed_changed").first()
    assert row.title == f"#{followed.pk} is now Resolved: {followed.subject}"


def test_followers_hear_of_a_customer_reply_once_even_when_it_reopens(followed, staff):
    StaffSettings.objects.create(user=AgentFactory._meta.model.objects.get(username="fay"),
                                 preferences={"followed_changed": "both"})  # fmt: skip
    tickets.transition(followed, actor=staff["T2"], name="resolve")
    InAppNotification.objects.all().delete()

    tickets.customer_reply(followed, actor=followed.requester, body="It is back")

    assert inapp("followed_changed") == Counter({"fay": 1, "gus": 1, "t2": 1})
    assert mails("staff_followed_changed") == Counter({"fay@example.com": 2})
    assert InAppNotification.objects.get(user__username="gus").title == (
        f"#{followed.pk} has a reply from the customer: {followed.subject}"
    )


def test_sending_to_a_team_with_follow_then_a_reply_notifies_the_follower(in_tier, staff):
    ticket = in_tier("T3")
    services.send_to_team(
        ticket, actor=staff["T3"], team="engagement", reason="Account at risk.", follow=True
    )
    ticket.refresh_from_db()

    tickets.customer_reply(ticket, actor=ticket.requester, body="Any news?")

    assert inapp("followed_changed") == Counter({"t3": 1})


def test_the_on_call_page_also_shows_in_the_desk_of_the_paged_agents(in_tier, staff):
    t0 = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # a Saturday night: no lead confirms first
    oscar = AgentFactory(username="oscar")
    OnCallShift.objects.create(agent=oscar, starts_at=t0 - timedelta(hours=1),
                               ends_at=t0 + timedelta(hours=5))  # fmt: skip
    with time_machine.travel(t0 - timedelta(minutes=10), tick=False):
        ticket = in_tier("T2")
    with time_machine.travel(t0, tick=False):
        services.escalate_up(
            ticket, actor=staff["T2"], target_tier="ONCALL", questions=["Down?"],
            customer_message="On it.",
        )  # fmt: skip
    assert inapp("on_call_page") == Counter({"oscar": 1})
    assert run_on_call_chain(now=t0 + timedelta(minutes=61)) == 1

    assert inapp("on_call_page") == Counter({"oscar": 2})
    # The page is mailed by the chain (once per person), never a second time by the alerts.
    assert mails("oncall_page") == Counter({"oscar@example.com": 1})
    assert mails("staff_on_call_page") == Counter()
    row = InAppNotification.objects.filter(event="on_call_page").order_by("-pk").first()
    assert row.title == f"On-Call page #{ticket.pk}: {ticket.subject}"
