"""Seed 003: Triage reads every new ticket and routes it: "assign a T1 if there is not a
backlog, adjust priority level of relevant tickets if there is". Not an escalation: no
questions, no message to the customer, the clock runs in the new tier."""

import pytest
from django.urls import reverse

from escalation import services
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from sla.models import SlaClock
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status


@pytest.fixture
def new_ticket(submit):
    return submit()


def test_triage_gives_a_new_ticket_to_a_t1_agent_with_priority_and_a_note(new_ticket, staff):
    routed = services.route(
        new_ticket,
        actor=staff["TRIAGE"],
        tier="T1",
        assignee=staff["T1"],
        priority="high",
        category="question",
        note="Plain how-to: T1 can answer it.",
    )

    ticket = Ticket.objects.get(pk=new_ticket.pk)
    assert (ticket.tier.code, ticket.assignee, ticket.priority, ticket.category) == (
        "T1",
        staff["T1"],
        "high",
        "question",
    )
    assert routed.changes == [
        "priority Normal → High",
        "category Issue, With Error → Question",
        "moved to T1",
        "given to t1",
    ]
    # Still Open, nothing said to the customer but "someone is working on it".
    assert ticket.status == Status.OPEN
    kinds = list(ticket.messages.values_list("kind", flat=True))
    assert MessageKind.PUBLIC_REPLY not in kinds
    note = ticket.messages.get(kind=MessageKind.INTERNAL_NOTE)
    assert note.body == "Plain how-to: T1 can answer it."
    events = " ".join(ticket.messages.filter(kind=MessageKind.EVENT).values_list("body", flat=True))
    assert "Priority Normal → High; category Issue, With Error → Question, by triage." in events
    assert "Assigned to t1 by triage." in events
    assert Notification.objects.filter(ticket_number=ticket.pk, kind="ticket_taken").count() == 1
    # The T1 clock runs: the receiving tier feels the pressure.
    clock = SlaClock.objects.get(ticket=ticket, tier__code="T1")
    assert clock.state == "running"


def test_only_triage_and_leads_route(new_ticket, staff):
    before = world()
    with pytest.raises(PermissionDenied, match="Only Triage and leads"):
        services.route(new_ticket, actor=staff["T1"], tier="T1", assignee=staff["T1"])
    assert world() == before
    routed = services.route(new_ticket, actor=staff["lead"], tier="T2", assignee=staff["T2"])
    assert (routed.ticket.tier.code, routed.ticket.assignee) == ("T2", staff["T2"])


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({"tier": "T1", "assignee": "T2"}, "assignee", "t2 is not an agent of T1"),
        ({"tier": "ONCALL"}, "tier", "does not route to ONCALL"),
        ({"tier": "T9"}, "tier", "no tier 'T9'"),
        ({"priority": "urgent"}, "priority", "priority and a category"),
        ({"category": "gossip"}, "category", "priority and a category"),
        ({"tier": "TRIAGE", "priority": ""}, "tier", "Nothing to change"),
    ],
)
def test_a_bad_choice_changes_nothing(new_ticket, staff, arguments, field, words):
    if "assignee" in arguments:
        arguments = {**arguments, "assignee": staff[arguments["assignee"]]}
    before = world()
    with pytest.raises(ValidationFailed, match=words) as refused:
        services.route(new_ticket, actor=staff["TRIAGE"], **{"priority": "top", **arguments})
    assert field in refused.value.details["fields"]
    assert world() == before


def test_a_ticket_someone_holds_is_theirs_until_a_lead_moves_it(new_ticket, staff):
    tickets.take(new_ticket, actor=staff["T1"])
    with pytest.raises(PermissionDenied, match="held by someone else"):
        services.route(new_ticket, actor=staff["TRIAGE"], tier="T2")
    routed = services.route(new_ticket, actor=staff["lead"], tier="T2")
    assert routed.ticket.assignee is None


def test_triage_assigns_an_unheld_ticket_but_not_one_another_agent_holds(new_ticket, staff):
    # The audit's 403: the triage agent giving a ticket to a T1 agent.
    tickets.assign(new_ticket, actor=staff["TRIAGE"], assignee=staff["T1"])
    assert Ticket.objects.get(pk=new_ticket.pk).assignee == staff["T1"]
    with pytest.raises(PermissionDenied):
        tickets.assign(new_ticket, actor=staff["TRIAGE"], assignee=staff["T2"])
    # Agents outside Triage still only take or release.
    other = Ticket.objects.exclude(pk=new_ticket.pk).first() or new_ticket
    with pytest.raises(PermissionDenied):
        tickets.assign(other, actor=staff["T2"], assignee=staff["T3"])


def test_a_closed_ticket_is_not_routed(new_ticket, staff):
    tickets.transition(new_ticket, actor=staff["TRIAGE"], name="resolve")
    with pytest.raises(Exception, match="reopen it before you route it"):
        services.route(new_ticket, actor=staff["TRIAGE"], priority="high")


def test_reclassify_tells_the_timeline_and_changes_nothing_when_nothing_differs(new_ticket, staff):
    assert tickets.reclassify(new_ticket, actor=staff["T2"], priority="normal") == []
    assert not Message.objects.filter(ticket=new_ticket, kind=MessageKind.EVENT).exists()
    changes = tickets.reclassify(new_ticket, actor=staff["T2"], priority="top")
    assert changes == ["priority Normal → Top"]
    with pytest.raises(PermissionDenied):
        tickets.reclassify(new_ticket, actor=staff["customer"], priority="low")


# --- the desk page and the API ----------------------------------------------------------------


def test_the_route_page_routes_and_says_what_changed(client, new_ticket, staff):
    client.force_login(staff["TRIAGE"])
    page = client.get(reverse("desk-route", args=[new_ticket.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Give it to a tier and an agent" in html
    assert '<optgroup label="T1">' in html
    assert ">t1</option>" in html
    assert "As it is (Normal)" in html

    answer = client.post(
        reverse("desk-route", args=[new_ticket.pk]),
        {"tier": "T1", "assignee": "t1", "priority": "high", "expected_tier": "TRIAGE"},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == reverse("desk-ticket", args=[new_ticket.pk])
    assert f"Ticket #{new_ticket.pk}: priority Normal → High, moved to T1, given to t1." in (
        answer.content.decode()
    )


def test_the_route_page_shows_a_refusal_beside_the_field(client, new_ticket, staff):
    client.force_login(staff["TRIAGE"])
    before = world()
    answer = client.post(
        reverse("desk-route", args=[new_ticket.pk]),
        {"tier": "T1", "assignee": "t2", "expected_tier": "TRIAGE"},
    )
    assert answer.status_code == 400
    assert "Choose an agent of T1, or nobody." in answer.content.decode()
    assert world() == before


def test_the_ticket_page_offers_route_to_triage_only(client, new_ticket, staff):
    url = reverse("desk-ticket", args=[new_ticket.pk])
    route = reverse("desk-route", args=[new_ticket.pk])
    client.force_login(staff["TRIAGE"])
    assert route in client.get(url).content.decode()
    client.force_login(staff["T2"])
    assert route not in client.get(url).content.decode()
    assert client.get(route).status_code == 403


def test_the_api_routes_and_refuses_with_json(client, new_ticket, staff):
    url = reverse("api-ticket-route", args=[new_ticket.pk])
    client.force_login(staff["T2"])
    refused = client.post(url, {"tier": "T1"}, content_type="application/json")
    assert refused.status_code == 403
    assert "Only Triage and leads" in refused.json()["error"]["message"]

    client.force_login(staff["TRIAGE"])
    bad = client.post(url, {"assignee": "nobody-here"}, content_type="application/json")
    assert bad.status_code == 400
    assert "assignee" in bad.json()["error"]["fields"]

    done = client.post(
        url, {"tier": "t1", "assignee": "t1", "priority": "top"}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json() == {
        "number": new_ticket.pk,
        "tier": "T1",
        "assignee": "t1",
        "priority": "top",
        "category": "issue_with_error",
        "changes": ["priority Normal → Top", "moved to T1", "given to t1"],
    }


# --- an escalation does not park the ticket ---------------------------------------------------


@pytest.mark.parametrize("parked", ["set_pending", "wait_on_customer"])
def test_escalating_a_waiting_ticket_opens_it_in_the_next_tier_with_its_clock_running(
    in_tier, staff, parked
):
    ticket = in_tier("T1")
    tickets.reply(ticket, actor=staff["T1"], body="Could you send a screenshot?", set_pending=True)
    if parked == "wait_on_customer":
        tickets.transition(ticket, actor=staff["T1"], name="wait_on_customer")
    services.escalate_up(
        ticket,
        actor=staff["T1"],
        questions=["Why does the export fail?"],
        customer_message="We've passed this on to our specialists.",
    )

    ticket.refresh_from_db()
    assert (ticket.tier.code, ticket.status) == ("T2", Status.OPEN)
    assert ticket.transitions.order_by("-id").first().transition == "escalated"
    clock = SlaClock.objects.get(ticket=ticket, tier__code="T2")
    assert clock.state == "running"


def test_an_escalation_that_asks_the_customer_for_more_stays_pending(in_tier, staff):
    ticket = in_tier("T1")
    services.escalate_up(
        ticket,
        actor=staff["T1"],
        questions=["Which browser?"],
        customer_message="Which browser do you use?",
        set_pending=True,
    )
    ticket.refresh_from_db()
    assert (ticket.tier.code, ticket.status) == ("T2", Status.PENDING)


def test_the_portal_says_we_are_working_on_it_after_an_escalation(client, in_tier, staff):
    ticket = in_tier("T1")
    tickets.reply(ticket, actor=staff["T1"], body="Could you send a screenshot?", set_pending=True)
    services.escalate_up(
        ticket, actor=staff["T1"], questions=["Why?"], customer_message="Passed on."
    )
    client.force_login(staff["customer"])
    page = client.get(reverse("portal-ticket", args=[ticket.pk])).content.decode()
    assert "We&#x27;re working on it" in page or "We're working on it" in page
    assert "Waiting for your reply" not in page
