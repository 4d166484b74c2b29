"""The macros API: the agent's macros, one filled in for a ticket, and a reply sent with one
(actions through the ticket services); errors in the one JSON shape; customers 403."""

import pytest
from rest_framework.test import APIClient

from knowledge.macro_models import MacroUse
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.knowledge.macro_factories import MacroFactory
from tests.support.snapshots import world
from tickets.models import Message
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_holds_the_macros_the_agent_may_use(agent):
    everyone = MacroFactory(shortcut="fr1", name="First response", add_tags="a, b")
    own = MacroFactory(person=True, owner=agent, shortcut="mine")
    MacroFactory(person=True, shortcut="theirs")

    body = api(agent).get("/api/macros/").json()

    assert body["count"] == 2
    assert [row["shortcut"] for row in body["results"]] == ["fr1", "mine"]
    first = body["results"][0]
    assert first == {
        "id": everyone.pk,
        "name": "First response",
        "shortcut": "fr1",
        "language": "en",
        "body": everyone.body,
        "scope": "everyone",
        "owner": None,
        "tier": None,
        "team": None,
        "set_status": "",
        "add_tags": ["a", "b"],
        "set_category": "",
        "set_priority": "",
        "link_article": None,
        "actions": ["Tag: a", "Tag: b"],
        "use_count": 0,
        "last_used_at": None,
    }
    assert body["results"][1]["owner"] == agent.username
    assert own.pk == body["results"][1]["id"]
    searched = api(agent).get("/api/macros/", {"q": "response"}).json()
    assert [row["shortcut"] for row in searched["results"]] == ["fr1"]


def test_render_fills_the_macro_in_for_the_ticket(agent):
    ticket = TicketFactory(requester=CustomerFactory(first_name="Amira"))
    macro = MacroFactory(set_status="resolve")

    response = api(agent).get(f"/api/macros/{macro.pk}/render/", {"ticket": ticket.pk})

    assert response.status_code == 200
    assert response.json() == {
        "macro": macro.pk,
        "shortcut": macro.shortcut,
        "name": macro.name,
        "language": "en",
        "ticket": ticket.pk,
        "text": f"Hi Amira, about ticket #{ticket.pk}.",
        "actions": ["Status: Resolved"],
    }
    assert MacroUse.objects.count() == 0


def test_render_without_a_ticket_is_400_and_an_unknown_macro_404(agent):
    ticket = TicketFactory()
    theirs = MacroFactory(person=True)
    client = api(agent)

    no_ticket = client.get(f"/api/macros/{theirs.pk}/render/")
    not_theirs = client.get(f"/api/macros/{theirs.pk}/render/", {"ticket": ticket.pk})

    assert no_ticket.status_code == 400
    assert no_ticket.json() == {
        "error": {
            "code": "invalid",
            "message": "Name the ticket to fill the macro in for.",
            "fields": {"ticket": ["A ticket's number."]},
        }
    }
    assert not_theirs.status_code == 404
    assert not_theirs.json() == {
        "error": {"code": "not_found", "message": f"Macro {theirs.pk} was not found."}
    }


def test_apply_sends_the_edited_reply_and_applies_the_actions(agent):
    ticket = TicketFactory()
    macro = MacroFactory(add_tags="needs-details", set_status="set_pending")

    response = api(agent).post(
        f"/api/tickets/{ticket.pk}/macros/{macro.pk}/apply/",
        {"body": "My edited answer"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert body["message"] == {
        "id": message.pk,
        "ticket": ticket.pk,
        "kind": "public_reply",
        "author": agent.username,
        "body": "My edited answer",
        "created_at": body["message"]["created_at"],
    }
    assert body["ticket_status"] == "pending"
    assert body["applied"] == ["tagged needs-details", "set the status to Pending"]
    assert (body["refused"], body["skipped"]) == ("", [])
    assert MacroUse.objects.count() == 1


def test_apply_without_a_body_sends_the_macros_text(agent):
    ticket = TicketFactory(requester=CustomerFactory(first_name="Bo"))
    macro = MacroFactory()

    api(agent).post(f"/api/tickets/{ticket.pk}/macros/{macro.pk}/apply/", {}, format="json")

    message = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert message.body == f"Hi Bo, about ticket #{ticket.pk}."


def test_apply_with_a_refused_action_reports_it_and_the_reply_stays_sent(agent):
    ticket = TicketFactory(closed=True)
    macro = MacroFactory(add_tags="x1", set_status="set_pending")

    response = api(agent).post(
        f"/api/tickets/{ticket.pk}/macros/{macro.pk}/apply/", {"body": "Hi"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["applied"] == []
    assert body["refused"] == (
        f"Cannot set pending ticket #{ticket.pk}: it is Closed. Allowed now: reopen."
    )
    assert body["ticket_status"] == Status.CLOSED
    ticket.refresh_from_db()
    assert list(ticket.tags.all()) == []


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "  "}, {"set_pending": "maybe"}])
def test_apply_with_bad_input_is_400_and_nothing_is_written(agent, body):
    ticket = TicketFactory()
    macro = MacroFactory(set_status="resolve")
    before = world()

    response = api(agent).post(
        f"/api/tickets/{ticket.pk}/macros/{macro.pk}/apply/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert world() == before


def test_apply_with_a_macro_the_agent_may_not_use_is_404_and_nothing_is_sent(agent):
    ticket = TicketFactory()
    theirs = MacroFactory(person=True, owner=AgentFactory())
    before = world()

    response = api(agent).post(
        f"/api/tickets/{ticket.pk}/macros/{theirs.pk}/apply/", {"body": "Hi"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert world() == before


def test_customers_are_refused_with_403_and_nothing_changes():
    customer = CustomerFactory()
    ticket = TicketFactory(requester=customer)
    macro = MacroFactory()
    client = api(customer)
    before = world()

    responses = [
        client.get("/api/macros/"),
        client.get(f"/api/macros/{macro.pk}/render/", {"ticket": ticket.pk}),
        client.post(f"/api/tickets/{ticket.pk}/macros/{macro.pk}/apply/", {}, format="json"),
    ]

    for response in responses:
        assert response.status_code == 403
        assert response.json() == {
            "error": {"code": "permission_denied", "message": "Macros are for agents."}
        }
    assert world() == before
