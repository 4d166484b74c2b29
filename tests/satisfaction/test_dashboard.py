"""Satisfaction on the leads' SLA dashboard: figures per agent, tier and category, pinned."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from satisfaction import selectors
from tests.factories import AgentFactory, LeadFactory
from tests.satisfaction.factories import SurveyFactory
from tickets.models import Tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(db):
    ada = AgentFactory(username="ada", first_name="Ada", last_name="King")
    bob = AgentFactory(username="bob")
    t2 = Tier.objects.get(slug="t2")
    SurveyFactory(agent=ada, good=True)
    SurveyFactory(agent=ada, good=True, ticket__category="custom_code")
    SurveyFactory(agent=ada, not_good=True, ticket__category="custom_code")
    SurveyFactory(agent=ada, tier=t2)
    SurveyFactory(agent=bob, tier=t2)
    # Resolved before the period: not counted.
    SurveyFactory(agent=bob, not_good=True, resolved_at=timezone.now() - timedelta(days=31))


def test_figures_per_agent_tier_and_category(surveys):
    figures = selectors.dashboard_figures(timezone.now() - timedelta(days=30))

    agents = {row.label: row for row in figures["agents"]}
    assert set(agents) == {"Ada King", "bob"}
    ada = agents["Ada King"]
    assert (ada.sent, ada.answered, ada.good, ada.not_good) == (4, 3, 2, 1)
    assert (ada.good_percent, ada.response_rate) == (67, 75)
    bob = agents["bob"]
    assert (bob.sent, bob.answered, bob.good_percent, bob.response_rate) == (1, 0, None, 0)
    assert [(row.label, row.sent, row.answered) for row in figures["tiers"]] == [
        ("Triage", 3, 3),
        ("T2", 2, 0),
    ]
    categories = {row.label: (row.sent, row.good, row.not_good) for row in figures["categories"]}
    assert categories == {"Custom Code": (2, 1, 1), "Issue, With Error": (3, 1, 0)}


def _dashboard(lead):
    client = Client()
    client.force_login(lead)
    return client.get("/desk/sla/")


def test_the_dashboard_renders_the_tables(surveys):
    html = _dashboard(LeadFactory()).content.decode()

    assert "Customer satisfaction (last 30 days)" in html
    assert (
        '<tr data-row="Ada King"><th scope="row">Ada King</th><td>4</td><td>3</td><td>75%</td>'
        "<td>67%</td><td>1</td></tr>"
    ) in html
    assert (
        '<tr data-row="bob"><th scope="row">bob</th><td>1</td><td>0</td><td>0%</td><td>–</td>'
        in html
    )
    assert '<tr data-row="Custom Code"><th scope="row">Custom Code</th><td>2</td><td>2</td>' in html


def test_an_empty_period_says_so(db):
    html = _dashboard(LeadFactory()).content.decode()
    assert html.count("No ticket was resolved in the last 30 days.") == 3


def test_agents_do_not_see_the_figures(surveys):
    client = Client()
    client.force_login(AgentFactory())
    response = client.get("/desk/sla/")
    assert response.status_code == 403
    assert "Customer satisfaction" not in response.content.decode()


# The SLA dashboard: satisfaction's three queries, the case types' one, the doc requests' one,
# the first-response table's three.
DASHBOARD_QUERIES = 25


@pytest.mark.parametrize("rows", [5, 50])
def test_the_dashboards_query_count_does_not_grow_with_surveys(rows, django_assert_num_queries):
    agents = [AgentFactory(username=f"agent{n}") for n in range(rows)]
    for agent in agents:
        SurveyFactory(agent=agent, good=True)
    client = Client()
    client.force_login(LeadFactory())

    with django_assert_num_queries(DASHBOARD_QUERIES):
        html = client.get("/desk/sla/").content.decode()
    assert html.count('<tr data-row="agent') == rows
    assert (
        f'<tr data-row="Triage"><th scope="row">Triage</th><td>{rows}</td><td>{rows}</td>'
        "<td>100%</td><td>100%</td><td>0</td></tr>"
    ) in html
