"""Odd input found by fuzzing the pages and APIs: each gets a clear answer, never a 500.

Numbers beyond what a row can have, digits that are not ASCII ("²"), and weeks or days at the
edge of the calendar used to reach the database or date arithmetic unchecked.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.core.errors import ValidationFailed
from knownissues.models import KnownIssueLink
from tests.factories import TicketFactory
from timesheets import services as timesheets

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _page(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/tickets/?search=%C2%B2", 200),
        (f"/api/tickets/?linked_from={HUGE}", 400),
        (f"/api/tasks/?ticket={HUGE}", 400),
        (f"/api/time-entries/?ticket={HUGE}", 400),
        ("/api/known-issues/?q=%C2%B2", 200),
    ],
)
def test_api_reads_answer_odd_numbers_clearly(lead, url, status):
    response = _api(lead).get(url)
    assert response.status_code == status
    if status == 400:
        assert "error" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/desk/escalation/review/?week=9999-W52",
        "/desk/escalation/review/?week=0001-W01",
        "/desk/guard/?week=9999-W52",
        "/desk/guard/?week=0001-W01",
        "/desk/time/?week=0001-01-01",
        "/desk/time/?week=9999-12-31",
        "/desk/known-issues/?q=%C2%B2",
        "/desk/known-issues/search/?q=%C2%B2&ticket=%C2%B2",
    ],
)
def test_pages_at_the_edge_of_the_calendar_or_with_odd_digits_show_the_current_week(lead, url):
    response = _page(lead).get(url, headers={"HX-Request": "true"} if "search" in url else {})
    assert response.status_code == 200


def test_a_report_range_at_the_start_of_the_calendar_is_a_form_error(lead):
    response = _page(lead).get("/desk/time/reports/?date_to=0001-01-05")
    assert response.status_code < 500
    assert "Ensure this value is greater than or equal to" in response.content.decode()


def test_api_writes_refuse_numbers_no_row_can_have(lead):
    ticket = TicketFactory()
    split = _api(lead).post(
        f"/api/tickets/{ticket.pk}/split/",
        {"messages": [int(HUGE)], "subject": "Other question"},
        format="json",
    )
    create = _api(lead).post(
        "/api/known-issues/", {"title": "Checkout 502", "tickets": [int(HUGE)]}, format="json"
    )
    assert (split.status_code, create.status_code) == (400, 400)
    assert "messages" in split.json()["error"]["fields"]
    assert "tickets" in create.json()["error"]["fields"]


def test_a_dismissal_with_an_absurd_count_is_refused_with_a_message(lead):
    response = _page(lead).post(
        "/desk/known-issues/signals/dismiss/", {"key": "tag:checkout", "count": HUGE}, follow=True
    )
    assert response.status_code == 200
    assert "That is not a signal of the dashboard." in response.content.decode()


def test_linking_by_an_odd_digit_is_a_message_not_a_crash(lead):
    ticket = TicketFactory()
    response = _page(lead).post(
        "/desk/known-issues/link/", {"ticket": ticket.pk, "known_issue": "²"}, follow=True
    )
    assert response.status_code < 500
    assert not KnownIssueLink.objects.filter(ticket=ticket).exists()


def test_time_is_logged_for_the_last_twelve_months_only(agent):
    with pytest.raises(ValidationFailed) as refused:
        timesheets.log_time(
            actor=agent,
            ticket=TicketFactory(),
            minutes=30,
            activity="research",
            date=timezone.localdate() - timedelta(days=400),
        )
    assert refused.value.details["fields"] == {"date": ["Choose a day of the last twelve months."]}


def test_a_call_is_booked_at_most_a_year_ahead(agent):
    far = datetime(9999, 12, 31, 23, 55, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as refused:
        timesheets.schedule_call(
            actor=agent,
            ticket=TicketFactory(),
            scheduled_at=far,
            meeting_url="https://meet.example.com/x",
        )
    assert refused.value.details["fields"] == {
        "scheduled_at": ["Choose a time within the next twelve months."]
    }
