"""The tickets API as its clients see it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import (
    AgentFactory,
    CustomerFactory,
    MessageFactory,
    OrganizationFactory,
    TagFactory,
    TicketFactory,
)
from tickets.models import Message, Ticket
from tickets.states import Status

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_token_login_then_token_auth(customer):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "alice", "password": "demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/tickets/").status_code == 200


def test_wrong_password_gets_400_with_json_error(customer):
    response = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_anonymous_gets_401_or_403_json():
    response = APIClient().get("/api/tickets/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_customer_submits_and_reads_back(customer):
    client = client_for(customer)
    response = client.post(
        "/api/tickets/",
        {"subject": "Broken", "description": "It **fails**", "category": "server_issue"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open"
    assert body["priority"] == "high"
    assert body["tier"] == "triage"
    assert body["available_transitions"] == []
    assert body["description_html"] == "<p>It <strong>fails</strong></p>"
    detail = client.get(f"/api/tickets/{body['number']}/").json()
    assert detail["subject"] == "Broken"


def test_invalid_submission_is_400_with_field_errors(customer):
    response = client_for(customer).post(
        "/api/tickets/", {"subject": "", "category": "bogus"}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"subject", "description", "category"}
    assert Ticket.objects.count() == 0


def test_agent_must_name_a_customer_requester(agent):
    response = client_for(agent).post(
        "/api/tickets/", {"subject": "s", "description": "d", "category": "question"}, format="json"
    )
    assert response.status_code == 400
    assert "requester" in response.json()["error"]["fields"]


def test_agent_files_on_behalf_of_a_customer(agent, customer):
    response = client_for(agent).post(
        "/api/tickets/",
        {"subject": "s", "description": "d", "category": "question", "requester": "alice"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["requester"] == "alice"


def test_list_filters_and_oldest_first(agent):
    older = TicketFactory(subject="older")
    TicketFactory(subject="pending one", pending=True)
    newer = TicketFactory(subject="newer")
    tagged = TicketFactory(subject="tagged")
    tagged.tags.add(TagFactory(name="Spanish"))
    client = client_for(agent)
    rows = client.get("/api/tickets/?status=open").json()["results"]
    assert [r["number"] for r in rows] == [older.pk, newer.pk, tagged.pk]
    assert [r["number"] for r in client.get("/api/tickets/?tag=spanish").json()["results"]] == [
        tagged.pk
    ]
    assert client.get("/api/tickets/?search=pending").json()["count"] == 1
    assert client.get("/api/tickets/?tier=t2").json()["count"] == 0
    assert client.get("/api/tickets/?assignee=none").json()["count"] == 4


def test_list_is_paginated_by_50(agent):
    TicketFactory.create_batch(51)
    page = client_for(agent).get("/api/tickets/").json()
    assert (page["count"], len(page["results"])) == (51, 50)
    assert page["next"] is not None


def test_detail_shows_available_transitions_for_the_caller(agent):
    ticket = TicketFactory(resolved=True)
    body = client_for(agent).get(f"/api/tickets/{ticket.pk}/").json()
    assert body["available_transitions"] == [
        {"name": "close", "target": "closed", "label": "Close"},
        {"name": "reopen", "target": "open", "label": "Reopen"},
    ]


def test_transition_endpoint_applies_and_records(agent):
    ticket = TicketFactory()
    response = client_for(agent).post(
        f"/api/tickets/{ticket.pk}/transitions/",
        {"transition": "resolve", "comment": "Fixed in 4.2"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert ticket.transitions.get().comment == "Fixed in 4.2"


def test_unavailable_transition_is_409_naming_status_and_allowed(agent):
    ticket = TicketFactory(closed=True)
    response = client_for(agent).post(
        f"/api/tickets/{ticket.pk}/transitions/", {"transition": "resolve"}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert error["current_status"] == "closed"
    assert error["allowed_transitions"] == ["reopen"]
    assert "Closed" in error["message"]


def test_unknown_transition_is_400(agent):
    ticket = TicketFactory()
    response = client_for(agent).post(
        f"/api/tickets/{ticket.pk}/transitions/", {"transition": "explode"}, format="json"
    )
    assert response.status_code == 400
    assert "transition" in response.json()["error"]["fields"]


def test_customer_sees_only_public_messages():
    ticket = TicketFactory()
    MessageFactory(ticket=ticket, body="public answer")
    MessageFactory(ticket=ticket, internal=True)
    bodies = [
        m["body"]
        for m in client_for(ticket.requester).get(f"/api/tickets/{ticket.pk}/messages/").json()
    ]
    assert bodies == ["public answer"]


def test_agent_sees_internal_notes_too(agent):
    ticket = TicketFactory()
    MessageFactory(ticket=ticket, body="public answer")
    MessageFactory(ticket=ticket, internal=True)
    kinds = [m["kind"] for m in client_for(agent).get(f"/api/tickets/{ticket.pk}/messages/").json()]
    assert kinds == ["public_reply", "internal_note"]


def test_customer_cannot_post_internal_notes():
    ticket = TicketFactory()
    response = client_for(ticket.requester).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"kind": "internal_note", "body": "sneaky"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["kind"]
    assert not Message.objects.exists()


def test_agent_reply_and_set_pending(agent):
    ticket = TicketFactory()
    response = client_for(agent).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"kind": "public_reply", "body": "Try again", "set_pending": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "public_reply"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING


def test_customer_reply_to_closed_ticket_answers_with_the_new_ticket():
    closed = TicketFactory(closed=True)
    client = client_for(closed.requester)
    response = client.post(
        f"/api/tickets/{closed.pk}/messages/", {"body": "It is back"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    new_number = body["ticket"]
    assert new_number != closed.pk
    assert body["linked_from"] == closed.pk
    assert body["opened_new_ticket"] is True
    assert f"#{new_number}" in body["detail"]
    new = client.get(f"/api/tickets/{new_number}/").json()
    assert new["linked_from"] == closed.pk
    assert new["status"] == "open"
    linked = client.get(f"/api/tickets/?linked_from={closed.pk}").json()["results"]
    assert [r["number"] for r in linked] == [new_number]


def test_other_organizations_ticket_is_404_not_403():
    ticket = TicketFactory()
    outsider = CustomerFactory()
    client = client_for(outsider)
    for url in (
        f"/api/tickets/{ticket.pk}/",
        f"/api/tickets/{ticket.pk}/messages/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    response = client.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "hi"}, format="json")
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_manager_sees_the_organizations_tickets_and_colleague_does_not():
    org = OrganizationFactory()
    author = CustomerFactory(customer_profile__organization=org)
    colleague = CustomerFactory(customer_profile__organization=org)
    manager = CustomerFactory(customer_profile__organization=org, customer_profile__is_manager=True)
    ticket = TicketFactory(requester=author)
    assert client_for(manager).get(f"/api/tickets/{ticket.pk}/").status_code == 200
    assert client_for(colleague).get(f"/api/tickets/{ticket.pk}/").status_code == 404
    assert client_for(manager).get("/api/tickets/").json()["count"] == 1


def test_lead_reassigns_through_the_api(lead, agent):
    ticket = TicketFactory()
    response = client_for(lead).post(
        f"/api/tickets/{ticket.pk}/assign/", {"assignee": agent.username}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assignee"] == agent.username


def test_agent_cannot_give_a_ticket_to_someone_else(agent):
    ticket = TicketFactory()
    other = AgentFactory()
    response = client_for(agent).post(
        f"/api/tickets/{ticket.pk}/assign/", {"assignee": other.username}, format="json"
    )
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_schema_and_docs_are_served_without_a_cdn(agent):
    client = client_for(agent)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/tickets/{number}/transitions/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "//unpkg" not in html
    assert "jsdelivr" not in html


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["low_old", "high_mid", "top_new"]),  # oldest first, as before
        ("priority", ["top_new", "high_mid", "low_old"]),
        ("-priority", ["low_old", "high_mid", "top_new"]),
        ("-created", ["top_new", "high_mid", "low_old"]),
        ("activity", ["high_mid", "low_old", "top_new"]),
        ("sla_due", ["top_new", "high_mid", "low_old"]),  # no clocks: top priority first
    ],
)
def test_list_orders_as_the_desk_queue_does(agent, ordering, expected):
    now = timezone.now()
    made = {
        "low_old": TicketFactory(priority="low", created_at=now - timedelta(days=3)),
        "top_new": TicketFactory(priority="top", created_at=now - timedelta(days=1)),
        "high_mid": TicketFactory(priority="high", created_at=now - timedelta(days=2)),
    }
    for hours, key in enumerate(["high_mid", "low_old", "top_new"]):
        Ticket.objects.filter(pk=made[key].pk).update(updated_at=now - timedelta(hours=9 - hours))

    rows = client_for(agent).get(f"/api/tickets/?ordering={ordering}").json()["results"]

    assert [row["number"] for row in rows] == [made[key].pk for key in expected]


def test_an_unknown_ordering_is_400_naming_the_choices(agent):
    response = client_for(agent).get("/api/tickets/?ordering=colour")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "ordering": ["Select a valid choice. colour is not one of the available choices."]
    }
