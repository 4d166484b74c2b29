"""The leads' SLA dashboard and /api/sla/summary/ show what the clocks say."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from sla.models import SlaPolicy
from sla.sweeps import sweep_colours
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services

pytestmark = pytest.mark.django_db


def backdated_ticket(subject, hours_ago, **kwargs):
    """A ticket submitted ``hours_ago`` on the 24×7 clock, so colours do not depend on today."""
    return services.submit_ticket(
        actor=CustomerFactory(),
        subject=subject,
        description="d",
        category="question",
        at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


@pytest.fixture
def always_open_triage(db):
    from sla.models import BusinessCalendar

    SlaPolicy.objects.filter(tier__slug="triage").update(
        calendar=BusinessCalendar.objects.get(name="24×7"),
        yellow_after_minutes=60,
        red_after_minutes=120,
        green_target_percent=80,
    )


def test_summary_counts_colours_and_lists_red_oldest_first(always_open_triage):
    fresh = backdated_ticket("fresh", 0)
    yellow = backdated_ticket("yellowish", 1.5)
    older_red = backdated_ticket("older red", 30)
    red = backdated_ticket("red", 5)
    sweep_colours()
    client = APIClient()
    client.force_authenticate(LeadFactory())

    body = client.get("/api/sla/summary/").json()

    triage = next(t for t in body["tiers"] if t["tier"] == "triage")
    assert (triage["green"], triage["yellow"], triage["red"]) == (1, 1, 2)
    assert triage["green_percent"] == 25
    assert triage["below_target"] is True
    assert body["alerts"] == [
        "Triage is not meeting Green: 25% of its open tickets are Green (target 80%)."
    ]
    assert [r["ticket"] for r in body["red"]] == [older_red.pk, red.pk]
    assert body["red"][1]["standing"] == "Red — 3h over"
    assert sum(day["red"] for day in body["breaches_per_day"]) == 2
    assert {fresh.pk, yellow.pk}.isdisjoint(r["ticket"] for r in body["red"])


def test_agents_may_not_read_the_summary(agent):
    client = APIClient()
    client.force_authenticate(agent)
    response = client.get("/api/sla/summary/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_first_response_median_per_tier(always_open_triage):
    agent = AgentFactory()
    for hours in (1, 2, 6):
        ticket = backdated_ticket(f"t{hours}", hours)
        services.reply(ticket, actor=agent, body="hi")  # first response now
    client = APIClient()
    client.force_authenticate(LeadFactory())
    triage = next(
        t for t in client.get("/api/sla/summary/").json()["tiers"] if t["tier"] == "triage"
    )
    assert triage["first_response_median_hours"] == {"7d": 2.0, "30d": 2.0}


def test_dashboard_page_shows_the_red_ticket_and_load(
    always_open_triage, django_assert_max_num_queries
):
    red = backdated_ticket("Checkout is down", 5)
    lead = LeadFactory()
    services.assign(red, actor=lead, assignee=AgentFactory(username="tina"))
    sweep_colours()
    client = Client()
    client.force_login(lead)
    # + the running timer of the desk header (timesheets, one indexed query)
    # … with issue 15's Knowledge table: one query (knowledge_tags.knowledge_dashboard)
    # … and its doc requests waiting, with those of three duplicates: one query
    # … its satisfaction tables: three (satisfaction_tags.satisfaction_dashboard)
    # … its case types: one (timesheets' case_type_tags.case_type_metrics)
    # … and issue 16's first response by category: counts, answered clocks, targets
    with django_assert_max_num_queries(26):
        page = client.get("/desk/sla/")
    html = page.content.decode()
    assert "No article deflected or answered a ticket yet." in html
    assert page.status_code == 200
    assert f"#{red.pk} Checkout is down" in html
    assert "Red — 3h over" in html
    assert "<td>tina</td><td>1</td>" in html
    assert 'aria-label="1 clocks turned Red in the last 30 days"' in html
    assert "data-no-breaches" not in html


def test_a_quiet_month_says_so_instead_of_an_empty_chart(always_open_triage):
    client = Client()
    client.force_login(LeadFactory())
    html = client.get("/desk/sla/").content.decode()
    assert "No clock turned Red in the last 30 days." in html
    assert "Peak" not in html


def test_dashboard_queries_do_not_grow_with_red_tickets(always_open_triage):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = LeadFactory()
    client = Client()
    client.force_login(lead)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/desk/sla/")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    def assert_red(html, tickets):
        for ticket in tickets:
            assert f'href="/desk/tickets/{ticket.pk}/">#{ticket.pk} {ticket.subject}</a>' in html
        assert html.count('<span class="tag sla-red">Red — 3h over</span>') == len(tickets)

    red = [backdated_ticket("one", 5)]
    sweep_colours()
    client.get("/desk/sla/")
    few, html = count()
    assert_red(html, red)
    red += [backdated_ticket(f"more {i}", 5) for i in range(10)]
    sweep_colours()
    many, html = count()
    assert many == few
    assert_red(html, red)


def test_dashboard_serves_the_sweeps_snapshot_until_it_is_stale(always_open_triage):
    from sla.services import refresh_dashboard_snapshot

    red = backdated_ticket("red", 5)
    sweep_colours()
    lead = LeadFactory()
    client = APIClient()
    client.force_authenticate(lead)
    refresh_dashboard_snapshot()
    services.transition(red, actor=lead, name="resolve")  # after the snapshot

    # Within two minutes the figures are the snapshot's: still one Red ticket.
    assert [r["ticket"] for r in client.get("/api/sla/summary/").json()["red"]] == [red.pk]

    # Three minutes later the snapshot is stale: the figures are computed afresh.
    later = timezone.now() + timedelta(minutes=3)
    with time_machine.travel(later, tick=False):
        assert client.get("/api/sla/summary/").json()["red"] == []
