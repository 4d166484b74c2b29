"""Pages cost the same number of queries whether they show 5 rows or 50."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AgentFactory, MessageFactory, TagFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _tickets(n):
    tag = TagFactory()
    for ticket in TicketFactory.create_batch(n, assignee=AgentFactory()):
        ticket.tags.add(tag)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [5, 50])
def test_api_ticket_list_queries_do_not_grow_with_rows(agent, django_assert_num_queries, n):
    _tickets(n)
    client = APIClient()
    client.force_authenticate(agent)
    # groups of the caller, count, page, tags of the page
    with django_assert_num_queries(4):
        response = client.get("/api/tickets/?status=open")
    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("htmx", [False, True])
def test_desk_queue_queries_do_not_grow_with_rows(agent, django_assert_num_queries, n, htmx):
    _tickets(n)
    client = Client()
    client.force_login(agent)
    headers = {"HX-Request": "true", "HX-Target": "queue-results"} if htmx else {}
    # session, user, groups, tiers of the filter, counts per status in one statement (which
    # also give the paginator its count), page, tags of the page, SLA clocks of the page
    with django_assert_num_queries(8):
        response = client.get("/desk/?status=open&assignee=", headers=headers)
    assert response.content.decode().count('<tr class="queue-row">') == n


def test_ticket_detail_queries_do_not_grow_with_messages(agent):
    few, many = TicketFactory(), TicketFactory()
    MessageFactory.create_batch(2, ticket=few)
    MessageFactory.create_batch(20, ticket=many)
    client = APIClient()
    client.force_authenticate(agent)
    client.get("/api/tickets/")  # warm the caller's cached role
    small = _count(lambda: client.get(f"/api/tickets/{few.pk}/messages/"))
    large = _count(lambda: client.get(f"/api/tickets/{many.pk}/messages/"))
    assert small == large

    web = Client()
    web.force_login(agent)
    assert _count(lambda: web.get(f"/desk/tickets/{few.pk}/")) == _count(
        lambda: web.get(f"/desk/tickets/{many.pk}/")
    )


def test_api_submission_costs_a_fixed_number_of_queries_and_answers_like_a_read_back(
    customer, django_assert_num_queries
):
    token = Token.objects.create(user=customer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    payload = {"subject": "Export broken", "description": "It *fails*", "category": "question"}
    client.post("/api/tickets/", payload, format="json")  # compiles the business calendar once
    # token with user, profile and organization; groups; the Triage tier; the ticket; the SLA
    # policy, clock and its first event; the outbox row (+ transaction control)
    with django_assert_num_queries(10):
        response = client.post("/api/tickets/", payload, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["organization"] == customer.customer_profile.organization.name
    assert client.get(f"/api/tickets/{created['number']}/").json() == created
