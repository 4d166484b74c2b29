"""The desk side of the lead's confirmation before On-Call (seed 003-09) and of the time-box
nudge (seed 003-05): the banner on the ticket page, the confirmation page, and the refusals
(400 without a reason, 403 for agents, 409 when another lead decided first)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from escalation import services
from escalation.models import OnCallAlert, OnCallRequest
from escalation.states import RequestState
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

IN_HOURS = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday morning, T2's working hours


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(in_tier, staff):
    with time_machine.travel(IN_HOURS, tick=False):
        ticket = in_tier("T2", subject="Checkout returns 502")
        services.escalate_up(
            ticket,
            actor=staff["T2"],
            target_tier="ONCALL",
            questions=["Is checkout down for everyone?"],
            findings="502 from the **load balancer**.",
            customer_message="Our on-call engineers are on it.",
        )
    return ticket


def test_the_ticket_page_shows_the_banner_and_the_agent_sees_what_waits(held, staff):
    page = client_of(staff["T2"]).get(f"/desk/tickets/{held.pk}/").content.decode()
    assert "Escalation to On-Call awaits a lead's confirmation" in page
    assert f'href="/desk/tickets/{held.pk}/oncall/"' in page

    review = client_of(staff["T3"]).get(f"/desk/tickets/{held.pk}/oncall/")
    html = review.content.decode()
    assert review.status_code == 200
    assert "<li>Is checkout down for everyone?</li>" in html
    assert "<strong>load balancer</strong>" in html
    assert "Confirm and page On-Call" not in html
    assert "A lead confirms or declines it" in html


def test_a_lead_confirms_from_the_page(held, staff):
    client = client_of(staff["lead"])
    assert (
        "Confirm and page On-Call"
        in client.get(f"/desk/tickets/{held.pk}/oncall/").content.decode()
    )

    response = client.post(f"/desk/tickets/{held.pk}/oncall/confirm/")

    assert (response.status_code, response["Location"]) == (302, f"/desk/tickets/{held.pk}/")
    assert Ticket.objects.get(pk=held.pk).tier.code == "ONCALL"
    assert OnCallAlert.objects.filter(ticket=held).count() == 1
    page = client.get(f"/desk/tickets/{held.pk}/").content.decode()
    assert "Confirmed: escalated to On-Call, On-Call paged." in page
    assert "data-on-call-held" not in page


def test_decline_without_a_reason_is_a_400_and_a_second_decision_a_409(held, staff):
    client = client_of(staff["lead"])

    empty = client.post(f"/desk/tickets/{held.pk}/oncall/decline/", {"reason": " "})
    assert empty.status_code == 400
    assert "Say why On-Call is not needed." in empty.content.decode()
    assert OnCallRequest.objects.get().state == RequestState.AWAITING

    client.post(f"/desk/tickets/{held.pk}/oncall/decline/", {"reason": "T3 can take it."})
    late = client.post(f"/desk/tickets/{held.pk}/oncall/confirm/")

    assert late.status_code == 409
    assert "lena already declined the escalation" in late.content.decode()
    assert Ticket.objects.get(pk=held.pk).tier.code == "T2"
    assert not OnCallAlert.objects.exists()


def test_an_agent_may_not_confirm(held, staff):
    response = client_of(staff["T3"]).post(f"/desk/tickets/{held.pk}/oncall/confirm/")

    assert response.status_code == 403
    assert OnCallRequest.objects.get().state == RequestState.AWAITING


@pytest.mark.parametrize("questions", [5, 20])  # 20: the most an escalation may ask
def test_the_confirmation_page_costs_the_same_queries_however_many_questions(
    in_tier, staff, django_assert_num_queries, questions
):
    with time_machine.travel(IN_HOURS, tick=False):
        ticket = in_tier("T2")
        services.escalate_up(
            ticket,
            actor=staff["T2"],
            target_tier="ONCALL",
            questions=[f"Question {n}?" for n in range(questions)],
            customer_message="We are escalating.",
        )
    client = client_of(staff["lead"])
    # session, user, groups, the ticket, the request with who asked and both tiers, and the desk
    # header's own reads (the bell, the running timer…): the same for 5 and 20 questions
    with django_assert_num_queries(8):
        response = client.get(f"/desk/tickets/{ticket.pk}/oncall/")
    html = response.content.decode()
    assert html.count("<li>Question ") == questions


# --- seed 003-05: the time-box nudge ---------------------------------------------------------


def test_the_ticket_page_shows_the_time_box_against_the_time_spent(in_tier, staff):
    with time_machine.travel(IN_HOURS, tick=False):
        ticket = in_tier("T1")
    client = client_of(staff["T1"])

    with time_machine.travel(IN_HOURS + timedelta(minutes=4), tick=False):
        within = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    with time_machine.travel(IN_HOURS + timedelta(minutes=14), tick=False):
        over = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert "T1 time box: 10 min, 4 min spent." in within
    assert "escalate?" not in within
    assert (
        "<strong>T1 time box: 10 min, 14 min spent</strong> — "
        f'<a href="/desk/tickets/{ticket.pk}/escalate/">escalate?</a>'
    ) in over


def test_no_time_box_no_nudge(in_tier, staff):
    with time_machine.travel(IN_HOURS, tick=False):
        ticket = in_tier("T3")  # seeded with a 20 min research box
        t4 = in_tier("T4")  # no time box
    client = client_of(staff["T3"])
    with time_machine.travel(IN_HOURS + timedelta(minutes=30), tick=False):
        t3_page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
        t4_page = client.get(f"/desk/tickets/{t4.pk}/").content.decode()

    assert "T3 time box: 20 min, 30 min spent" in t3_page
    assert "time box" not in t4_page
