"""``POST /api/tickets/bulk/``: the bulk service (tests/tickets/test_bulk.py) for API clients:
one answer per ticket, 400 for a body no ticket could take, 403 for customers."""

import pytest
from rest_framework.test import APIClient

from tests.factories import AgentFactory, TagFactory, TicketFactory
from tests.support.snapshots import world
from tickets.models import Ticket, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db):
    return AgentFactory(username="ada")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_answers_each_ticket_in_the_order_asked(lead, ada):
    plain, tagged = TicketFactory(), TicketFactory()
    tagged.tags.add(TagFactory(name="Spanish"))
    body = {"tickets": [tagged.pk, 424242, plain.pk], "action": "assign", "assignee": "ada"}

    response = api(lead).post("/api/tickets/bulk/", body, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "number": tagged.pk,
                "ok": False,
                "error": {
                    "code": "invalid",
                    "message": f"Ticket #{tagged.pk} is tagged Spanish: only agents marked as "
                    "Spanish speakers may take it, and ada is not.",
                },
            },
            {
                "number": 424242,
                "ok": False,
                "error": {"code": "not_found", "message": "Ticket 424242 was not found."},
            },
            {"number": plain.pk, "ok": True},
        ]
    }
    assert dict(Ticket.objects.values_list("pk", "assignee")) == {plain.pk: ada.pk, tagged.pk: None}


def test_api_closes_with_the_reason_and_refuses_a_ticket_already_closed(agent):
    open_one, closed = TicketFactory(), TicketFactory(closed=True)
    body = {
        "tickets": [open_one.pk, closed.pk],
        "action": "transition",
        "transition": "close",
        "comment": "Merged into #1.",
    }
    response = api(agent).post("/api/tickets/bulk/", body, format="json")
    assert response.json()["results"] == [
        {"number": open_one.pk, "ok": True},
        {
            "number": closed.pk,
            "ok": False,
            "error": {
                "code": "transition_not_allowed",
                "message": f"Cannot close ticket #{closed.pk}: it is Closed. Allowed now: reopen.",
            },
        },
    ]
    assert TransitionLog.objects.get().comment == "Merged into #1."


def test_api_tags_in_bulk(agent):
    tickets = TicketFactory.create_batch(2)
    body = {"tickets": [t.pk for t in tickets], "action": "add_tags", "tags": ["Billing"]}
    response = api(agent).post("/api/tickets/bulk/", body, format="json")
    assert [row["ok"] for row in response.json()["results"]] == [True, True]
    assert [list(t.tags.values_list("name", flat=True)) for t in tickets] == [["Billing"]] * 2


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"tickets", "action"}),
        ({"tickets": "12", "action": "take"}, {"tickets"}),
        ({"tickets": ["x"], "action": "take"}, {"tickets"}),
        ({"tickets": [1], "action": "shred"}, {"action"}),
        ({"tickets": [1], "action": "assign"}, {"assignee"}),
        ({"tickets": [1], "action": "assign", "assignee": "nobody"}, {"assignee"}),
        ({"tickets": [1], "action": "transition", "transition": "close"}, {"comment"}),
        ({"tickets": [], "action": "take"}, {"tickets"}),
        ({"tickets": list(range(1, 202)), "action": "take"}, {"tickets"}),
    ],
)
def test_api_bad_body_is_400_in_the_error_shape_and_writes_nothing(agent, body, fields):
    TicketFactory(pk=1)
    before = world()
    response = api(agent).post("/api/tickets/bulk/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields
    assert world() == before


def test_api_refuses_customers_whole(customer):
    own = TicketFactory(requester=customer)
    before = world()
    response = api(customer).post(
        "/api/tickets/bulk/", {"tickets": [own.pk], "action": "take"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "permission_denied", "message": "Only agents change tickets in bulk."}
    }
    assert world() == before


def test_api_schema_documents_the_bulk_endpoint(agent):
    schema = api(agent).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/tickets/bulk/"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BulkInRequest"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BulkOut"
    }
