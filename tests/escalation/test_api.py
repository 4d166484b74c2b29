"""The escalation API: 201 on success, and the one JSON error shape for 400/403/404/409."""

from datetime import UTC, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from escalation.models import Escalation
from tests.factories import CustomerFactory
from tests.support.snapshots import world
from tickets import services as tickets

SATURDAY_NIGHT = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def url(ticket, action):
    return f"/api/tickets/{ticket.pk}/{action}/"


def test_escalate_returns_the_structured_escalation(api, in_tier, staff):
    ticket = in_tier("T2")
    response = api(staff["T2"]).post(
        url(ticket, "escalate"),
        {
            "target_tier": "t3",
            "questions": ["Why 502?", "Which worker?"],
            "findings": "Only on checkout.",
            "customer_message": "Our engineers are looking.",
            "expected_tier": "T2",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    escalation = Escalation.objects.get()
    assert body == {
        "id": escalation.pk,
        "ticket": ticket.pk,
        "direction": "up",
        "from_tier": "T2",
        "to_tier": "T3",
        "actor": "t2",
        "at": body["at"],
        "questions": ["Why 502?", "Which worker?"],
        "findings": "Only on checkout.",
        "customer_message": "Our engineers are looking.",
        "outcome": "",
        "doc_url": "",
        "known_issue": "",
        "is_reescalation": False,
        "tags_added": [],
        "needs_review": False,
        "reviewed_at": None,
        "reviewed_by": None,
    }
    assert "**ESCALATED QUESTION 2:** Which worker?" in escalation.note.body


def test_a_broken_rule_is_a_400_with_the_reason(api, in_tier, staff):
    ticket = in_tier("T2")
    before = world()
    response = api(staff["T2"]).post(
        url(ticket, "escalate"), {"questions": ["Why?"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Write the customer a transition comment: T2 always writes to the "
            "customer when escalating.",
            "fields": {"customer_message": ["T2 always writes to the customer when escalating."]},
        }
    }
    assert world() == before


def test_a_malformed_request_is_a_400_naming_the_field(api, in_tier, staff):
    ticket = in_tier("T2")
    response = api(staff["T2"]).post(url(ticket, "escalate"), {}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == ("invalid", ["questions"])


def test_customers_get_403_and_strangers_404(api, in_tier, staff):
    ticket = in_tier("T2")
    someone_else = CustomerFactory()
    before = world()
    payload = {"questions": ["Why?"], "customer_message": "m"}

    owner = api(staff["customer"]).post(url(ticket, "escalate"), payload, format="json")
    stranger = api(someone_else).post(url(ticket, "escalate"), payload, format="json")
    missing = api(staff["T2"]).post("/api/tickets/999999/escalate/", payload, format="json")

    assert (owner.status_code, owner.json()["error"]["code"]) == (403, "forbidden")
    assert (stranger.status_code, stranger.json()["error"]["code"]) == (404, "not_found")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert world() == before


def test_a_ticket_moved_by_someone_else_is_a_409(api, in_tier, staff, tier):
    ticket = in_tier("T2")
    tickets.move_to_tier(ticket, actor=staff["lead"], tier=tier("T4"))
    before = world()

    response = api(staff["T2"]).post(
        url(ticket, "escalate"),
        {"questions": ["Why?"], "customer_message": "m", "expected_tier": "T2"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "conflict",
            "message": f"Ticket #{ticket.pk} moved to T4 while you were looking at it. Nothing "
            "was applied; check the ticket and try again.",
            "current_tier": "T4",
        }
    }
    assert world() == before


def test_escalate_down_and_list_the_escalations(api, in_tier, staff):
    ticket = in_tier("T2")
    api(staff["T2"]).post(
        url(ticket, "escalate"), {"questions": ["Q?"], "customer_message": "m"}, format="json"
    )
    response = api(staff["T3"]).post(
        url(ticket, "escalate-down"),
        {
            "outcome": "missed_doc",
            "doc_url": "https://docs.example.com/x",
            "proposed_docs": ["user"],
            "expected_tier": "T3",
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["to_tier"], response.json()["tags_added"]) == (
        "T2",
        ["Proposed User Doc", "Missed Doc Review"],
    )

    listed = api(staff["lead"]).get(url(ticket, "escalations"))
    assert [(e["direction"], e["to_tier"]) for e in listed.json()] == [
        ("up", "T3"),
        ("down", "T2"),
    ]
    assert api(staff["customer"]).get(url(ticket, "escalations")).status_code == 403


def test_escalate_down_without_the_doc_link_is_a_400(api, in_tier, staff):
    ticket = in_tier("T3")
    response = api(staff["T3"]).post(
        url(ticket, "escalate-down"), {"outcome": "missed_doc"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "doc_url": ["Link the doc that answers it (https://…)."]
    }


def test_split_send_to_team_notify_product(api, in_tier, staff):
    ticket = in_tier("T3")
    message = tickets.customer_reply(ticket, actor=staff["customer"], body="Other thing").message

    split = api(staff["T3"]).post(
        url(ticket, "split"), {"messages": [message.pk], "subject": "Other thing"}, format="json"
    )
    assert split.status_code == 201
    assert split.json()["split_from"] == ticket.pk
    assert split.json()["tier"] == "TRIAGE"

    team = api(staff["T3"]).post(
        url(ticket, "send-to-team"), {"team": "engagement", "reason": "At risk."}, format="json"
    )
    assert team.status_code == 200
    assert (team.json()["team"], team.json()["followers"]) == ("engagement", [])

    product = api(staff["T3"]).post(url(ticket, "notify-product"), {"note": "FYI"}, format="json")
    assert (product.status_code, product.json()["notify_product"]) == (200, True)


def test_acknowledge_is_a_409_without_an_alert_and_200_with_one(api, in_tier, staff):
    ticket = in_tier("T3")
    assert api(staff["ONCALL"]).post(url(ticket, "acknowledge"), {}).status_code == 409
    with time_machine.travel(SATURDAY_NIGHT, tick=False):  # out of hours: no lead confirms
        api(staff["T3"]).post(
            url(ticket, "escalate"),
            {"target_tier": "ONCALL", "questions": ["Down!"]},
            format="json",
        )
    response = api(staff["ONCALL"]).post(url(ticket, "acknowledge"), {"note": "On it."})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["acknowledged_by"]) == (
        "acknowledged",
        "oncall",
    )
