"""The leads' reports: totals equal the sum of the entries, whatever the grouping; CSV export;
the weekly chart; query counts that do not grow with the entries."""

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, TicketFactory
from timesheets import selectors
from timesheets.models import TimeEntry
from timesheets.states import Activity

from .factories import SupportPackFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def spread():
    """Entries over three organizations, three agents, every activity and four weeks."""
    rng = random.Random(7)
    orgs = [OrganizationFactory(name=name) for name in ("Acme", "Globex", "Initech")]
    tickets = [
        TicketFactory(requester=CustomerFactory(customer_profile__organization=org)) for org in orgs
    ]
    agents = [AgentFactory(username=name) for name in ("ana", "bo", "cy")]
    for _ in range(60):
        activity = rng.choice(Activity.values)
        internal = activity == Activity.SELF_LEARNING and rng.random() < 0.5
        TimeEntryFactory(
            agent=rng.choice(agents),
            ticket=None if internal else rng.choice(tickets),
            date=MONDAY + timedelta(days=rng.randrange(28)),
            minutes=rng.randrange(1, 240),
            activity=activity,
            billable=activity != Activity.SELF_LEARNING and rng.random() < 0.7,
        )
    TimeEntryFactory(date=MONDAY - timedelta(days=1), minutes=999)  # outside the range
    return {"orgs": orgs, "agents": agents}


def _expected(qs):
    entries = list(qs)
    return {
        "total": sum(e.minutes for e in entries),
        "billable": sum(e.minutes for e in entries if e.billable),
        "non_billable": sum(e.minutes for e in entries if not e.billable),
        "entries": len(entries),
    }


RANGE = {"date_from": MONDAY, "date_to": MONDAY + timedelta(days=27)}


@pytest.mark.parametrize("group_by", ["organization", "agent", "activity", "week"])
def test_report_totals_equal_the_sum_of_the_entries(spread, group_by):
    report = selectors.report(**RANGE, group_by=group_by)

    expected = _expected(
        TimeEntry.objects.filter(date__range=(RANGE["date_from"], RANGE["date_to"]))
    )
    assert report.totals == expected
    for key in ("total", "billable", "non_billable", "entries"):
        assert sum(row[key] for row in report.rows) == expected[key]
    assert sum(week["total"] for week in report.weeks) == expected["total"]


def test_each_organization_row_is_the_sum_of_its_entries(spread):
    report = selectors.report(**RANGE, group_by="organization")

    by_label = {row["label"]: row for row in report.rows}
    for org in spread["orgs"]:
        expected = _expected(
            TimeEntry.objects.filter(
                date__gte=MONDAY, date__lte=RANGE["date_to"], ticket__organization=org
            )
        )
        assert {k: by_label[org.name][k] for k in expected} == expected
    internal = _expected(
        TimeEntry.objects.filter(date__gte=MONDAY, date__lte=RANGE["date_to"], ticket__isnull=True)
    )
    assert {k: by_label[selectors.INTERNAL][k] for k in internal} == internal


def test_filtering_by_organization_keeps_only_its_entries(spread):
    acme = spread["orgs"][0]

    report = selectors.report(**RANGE, organization=acme, group_by="agent")

    expected = _expected(
        TimeEntry.objects.filter(
            date__gte=MONDAY, date__lte=RANGE["date_to"], ticket__organization=acme
        )
    )
    assert report.totals == expected


def test_weeks_start_on_monday(spread):
    report = selectors.report(**RANGE, group_by="week")

    assert [week["week"] for week in report.weeks] == [
        MONDAY + timedelta(weeks=n) for n in range(4)
    ]


def test_the_csv_export_has_the_rows_and_the_total_in_hours(spread, lead):
    response = _client(lead).get(
        "/desk/time/reports/export.csv",
        {
            "date_from": MONDAY.isoformat(),
            "date_to": RANGE["date_to"].isoformat(),
            "group_by": "organization",
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Organization",
        "Billable hours",
        "Non-billable hours",
        "Total hours",
        "Entries",
    ]
    expected = _expected(TimeEntry.objects.filter(date__gte=MONDAY, date__lte=RANGE["date_to"]))
    assert rows[-1] == [
        "Total",
        f"{expected['billable'] / 60:.2f}",
        f"{expected['non_billable'] / 60:.2f}",
        f"{expected['total'] / 60:.2f}",
        str(expected["entries"]),
    ]
    assert {row[0] for row in rows[1:-1]} == {"Acme", "Globex", "Initech", selectors.INTERNAL}


def test_the_csv_cannot_inject_a_spreadsheet_formula(lead):
    org = OrganizationFactory(name="=HYPERLINK(1)")
    TimeEntryFactory(
        ticket=TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    )

    response = _client(lead).get("/desk/time/reports/export.csv")

    assert "'=HYPERLINK(1)" in response.content.decode()


def test_the_report_page_shows_the_table_chart_and_overdrawn_packs(spread, lead):
    acme = spread["orgs"][0]
    SupportPackFactory(
        organization=acme,
        reference="ACME-SMALL",
        hours=Decimal("1"),
        valid_from=MONDAY,
        valid_until=MONDAY + timedelta(days=90),
    )
    TimeEntry.objects.filter(ticket__organization=acme, billable=True).update(
        support_pack=acme.support_packs.get()
    )

    page = (
        _client(lead)
        .get(
            "/desk/time/reports/",
            {"date_from": MONDAY.isoformat(), "date_to": RANGE["date_to"].isoformat()},
        )
        .content.decode()
    )

    assert '<svg class="week-chart"' in page
    assert page.count('class="bar-billable"') == 4
    assert "ACME-SMALL" in page
    assert "overdrawn" in page
    assert "Export CSV" in page


def test_agents_may_not_see_reports(agent):
    assert _client(agent).get("/desk/time/reports/").status_code == 403
    assert _client(agent).get("/desk/time/reports/export.csv").status_code == 403


def test_a_backwards_range_is_refused_with_a_message(lead):
    response = _client(lead).get(
        "/desk/time/reports/", {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )

    assert response.status_code == 400
    assert "The end of the range comes after its start." in response.content.decode()


@pytest.mark.parametrize(
    ("date_from", "date_to"), [("2 Mar 2026", "8 Mar 2026"), ("2026-03-02", "2026-03-08")]
)
def test_the_range_is_read_and_shown_as_the_pages_write_days(lead, date_from, date_to):
    response = _client(lead).get(
        "/desk/time/reports/", {"date_from": date_from, "date_to": date_to}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="date_from" value="2 Mar 2026"' in html
    assert 'name="date_to" value="8 Mar 2026"' in html
    assert "2 Mar 2026 – 8 Mar 2026" in html


def test_a_day_that_does_not_exist_is_refused_with_a_message(lead):
    response = _client(lead).get(
        "/desk/time/reports/", {"date_from": "30 Feb 2026", "date_to": "8 Mar 2026"}
    )

    assert response.status_code == 400
    assert "February 2026 has no day 30." in response.content.decode()


@pytest.mark.parametrize("n", [5, 50])
def test_the_report_page_costs_the_same_queries_for_5_and_50_entries(
    lead, django_assert_num_queries, n
):
    org = OrganizationFactory()
    pack = SupportPackFactory(organization=org, valid_from=MONDAY)
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    entries = TimeEntryFactory.create_batch(n, ticket=ticket, date=MONDAY)
    client = _client(lead)
    params = {
        "date_from": MONDAY.isoformat(),
        "date_to": (MONDAY + timedelta(6)).isoformat(),
        "group_by": "agent",
    }

    # session, user, groups; weekly sums, grouped sums, packs; organizations (filter); the bell
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(9):
        response = client.get("/desk/time/reports/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    for entry in entries:  # one row per agent, each with their one entry of 30 minutes
        assert f'<tr><th scope="row">{entry.agent.username}</th>' in html
    assert html.count('class="has-text-right">1</td></tr>') == n
    assert f'class="has-text-right">{n}</td></tr></tfoot>' in html
    assert f'<tr><th scope="row">{pack.reference}</th><td>{org.name}</td>' in html
