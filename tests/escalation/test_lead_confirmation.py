"""Seed 003, On-Call in working hours: "get a verification by your team lead … before escalating
on call"; out of hours it pages at once. Leads and authorized escalators skip the step.

Every test pins its instant: the seeded "Business hours" calendar of T2 is 09:00–17:00 UTC,
Monday to Friday."""

from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine

from escalation import services
from escalation.errors import AlreadyAwaitingLead, NoAwaitingRequest
from escalation.models import Escalation, OnCallAlert, OnCallRequest, TierRules
from escalation.states import AlertState, RequestState
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, Notification
from tests.escalation.conftest import speaker
from tests.factories import LeadFactory
from tickets.models import Message, Ticket
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db

IN_HOURS = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday morning
EVENING = datetime(2026, 3, 10, 19, 30, tzinfo=UTC)  # the same Tuesday, after 17:00
SATURDAY = datetime(2026, 3, 7, 11, 0, tzinfo=UTC)


@pytest.fixture
def leads(staff):
    return {"lena": staff["lead"], "lars": LeadFactory(username="lars")}


@pytest.fixture
def ticket(in_tier):
    with time_machine.travel(IN_HOURS, tick=False):
        return in_tier("T2")


def escalate(ticket, actor, at):
    with time_machine.travel(at, tick=False):
        return services.escalate_up(
            ticket,
            actor=actor,
            target_tier="ONCALL",
            questions=["Checkout is down for every customer. Can on-call look now?"],
            findings="502 from the load balancer.",
            customer_message="Our on-call engineers are on it.",
        )


def notes(ticket) -> list[str]:
    return list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.INTERNAL_NOTE)
        .order_by("id")
        .values_list("body", flat=True)
    )


def mails(kind) -> Counter:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_an_agent_in_working_hours_is_held_for_a_lead_and_nothing_is_paged(ticket, staff, leads):
    held = escalate(ticket, staff["T2"], IN_HOURS)

    assert isinstance(held, OnCallRequest)
    assert (held.state, held.from_tier.code, held.to_tier.code) == ("awaiting", "T2", "ONCALL")
    ticket.refresh_from_db()
    assert ticket.tier.code == "T2"
    assert not Escalation.objects.exists()
    assert not OnCallAlert.objects.exists()
    assert not Notification.objects.filter(kind__startswith="oncall_new").exists()
    replies = Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert not replies.filter(author=staff["T2"]).exists()
    assert "awaits a lead's confirmation" in notes(ticket)[-1]
    assert mails("oncall_confirm") == Counter({"lena@example.com": 1, "lars@example.com": 1})
    told = InAppNotification.objects.filter(event="on_call_page")
    assert sorted(told.values_list("user__username", flat=True)) == ["lars", "lena"]
    assert told.first().title.startswith(f"Confirm On-Call for #{ticket.pk}")


@pytest.mark.parametrize("at", [EVENING, SATURDAY], ids=["evening", "saturday"])
def test_out_of_hours_an_agent_pages_at_once(ticket, staff, leads, at):
    escalation = escalate(ticket, staff["T2"], at)

    assert isinstance(escalation, Escalation)
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "ONCALL"
    assert OnCallAlert.objects.get().state == AlertState.WAITING
    assert not OnCallRequest.objects.exists()
    assert not mails("oncall_confirm")


def test_a_lead_and_an_authorized_escalator_skip_the_confirmation(in_tier, staff, leads):
    with time_machine.travel(IN_HOURS, tick=False):
        first, second = in_tier("T2"), in_tier("T2")
    rex = speaker(staff["T2"], spanish=False, authorized_escalator=True)

    assert isinstance(escalate(first, leads["lena"], IN_HOURS), Escalation)
    assert isinstance(escalate(second, rex, IN_HOURS), Escalation)
    assert OnCallAlert.objects.count() == 2
    assert not OnCallRequest.objects.exists()


def test_the_setting_off_pages_at_once_in_working_hours(ticket, staff, leads):
    TierRules.objects.filter(is_on_call=True).update(lead_confirms_in_hours=False)

    assert isinstance(escalate(ticket, staff["T2"], IN_HOURS), Escalation)
    assert OnCallAlert.objects.count() == 1


def test_the_seeded_on_call_tier_asks_for_the_confirmation():
    rules = TierRules.objects.get(is_on_call=True)
    assert rules.lead_confirms_in_hours is True
    assert not TierRules.objects.filter(is_on_call=False, lead_confirms_in_hours=True).exists()


def test_a_lead_confirms_and_the_page_goes_out_as_the_agent_wrote_it(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)
    confirm_at = IN_HOURS.replace(minute=7)

    escalation = services.confirm_on_call(ticket, actor=leads["lars"], at=confirm_at)

    assert (escalation.actor, escalation.to_tier.code, escalation.at) == (
        staff["T2"],
        "ONCALL",
        confirm_at,
    )
    assert escalation.questions == ["Checkout is down for every customer. Can on-call look now?"]
    ticket.refresh_from_db()
    assert ticket.tier.code == "ONCALL"
    alert = OnCallAlert.objects.get()
    assert (alert.state, alert.raised_at, alert.escalation) == (
        AlertState.WAITING,
        confirm_at,
        escalation,
    )
    assert mails("oncall_new") == Counter({"oncall@example.com": 1})
    held = OnCallRequest.objects.get()
    assert (held.state, held.decided_by, held.escalation) == (
        RequestState.CONFIRMED,
        leads["lars"],
        escalation,
    )
    reply = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY, author=staff["T2"])
    assert reply.body == "Our on-call engineers are on it."
    assert "lars confirmed the escalation to ONCALL" in notes(ticket)[-1]


def test_an_agent_may_not_confirm_or_decline(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)

    with pytest.raises(PermissionDenied):
        services.confirm_on_call(ticket, actor=staff["T3"])
    with pytest.raises(PermissionDenied):
        services.decline_on_call(ticket, actor=staff["T3"], reason="No.")

    assert OnCallRequest.objects.get().state == RequestState.AWAITING
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "T2"
    assert not OnCallAlert.objects.exists()


def test_a_lead_declines_with_a_reason_and_the_ticket_stays_in_its_tier(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)
    before = len(notes(ticket))

    with pytest.raises(ValidationFailed) as refused:
        services.decline_on_call(ticket, actor=leads["lena"], reason="  ")
    assert refused.value.details["fields"] == {"reason": ["Write the reason the agent reads."]}
    assert len(notes(ticket)) == before

    declined = services.decline_on_call(
        ticket, actor=leads["lena"], reason="Only one customer: T3 takes it."
    )

    assert (declined.state, declined.decided_by) == (RequestState.DECLINED, leads["lena"])
    assert declined.decline_reason == "Only one customer: T3 takes it."
    ticket.refresh_from_db()
    assert ticket.tier.code == "T2"
    assert not OnCallAlert.objects.exists()
    assert not Escalation.objects.exists()
    assert notes(ticket)[-1] == (
        "**lena declined the escalation to ONCALL**: Only one customer: T3 takes it.\n\n"
        "The ticket stays in T2; nobody was paged."
    )


def test_a_second_decision_is_refused_and_changes_nothing(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)
    services.confirm_on_call(ticket, actor=leads["lars"])
    before = (len(notes(ticket)), OnCallAlert.objects.count(), Escalation.objects.count())

    with pytest.raises(NoAwaitingRequest) as refused:
        services.decline_on_call(ticket, actor=leads["lena"], reason="Not needed.")

    assert refused.value.status == 409
    assert refused.value.message.startswith("lars already confirmed the escalation")
    after = (len(notes(ticket)), OnCallAlert.objects.count(), Escalation.objects.count())
    assert after == before


def test_escalating_again_while_one_waits_is_refused(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)

    with pytest.raises(AlreadyAwaitingLead):
        escalate(ticket, staff["T2"], IN_HOURS)
    assert OnCallRequest.objects.count() == 1


def test_a_lead_escalating_directly_cancels_the_waiting_request(ticket, staff, leads):
    escalate(ticket, staff["T2"], IN_HOURS)

    escalate(ticket, leads["lena"], IN_HOURS)

    assert OnCallRequest.objects.get().state == RequestState.CANCELED
    assert OnCallAlert.objects.count() == 1
    with pytest.raises(NoAwaitingRequest):
        services.confirm_on_call(ticket, actor=leads["lars"])
