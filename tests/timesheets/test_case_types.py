"""Seed 002: custom code as a case type of its own, measured beside the others on the leads'
dashboard (timesheets' ``case_type_metrics``: it reads time entries, which sla may not)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import AgentFactory, LeadFactory, MessageFactory, TicketFactory
from tests.timesheets.factories import TimeEntryFactory
from tickets.states import CATEGORY_DEFAULT_PRIORITY, Category, Priority
from timesheets import selectors
from timesheets.templatetags.case_type_tags import elapsed

pytestmark = pytest.mark.django_db


def resolved_ticket(category, *, hours, public=0, internal=0, minutes=()):
    """A ticket resolved now, opened ``hours`` ago, with ``public`` messages (alternating
    customer and agent), ``internal`` notes and time entries of ``minutes``."""
    now = timezone.now()
    ticket = TicketFactory(
        category=category, resolved=True, created_at=now - timedelta(hours=hours), resolved_at=now
    )
    for n in range(public):
        if n % 2:
            MessageFactory(ticket=ticket)
        else:
            MessageFactory(ticket=ticket, from_customer=True)
    for _ in range(internal):
        MessageFactory(ticket=ticket, internal=True)
    for spent in minutes:
        TimeEntryFactory(ticket=ticket, minutes=spent)
    return ticket


@pytest.fixture
def cases(db):
    resolved_ticket(Category.CUSTOM_CODE, hours=10, public=6, internal=3, minutes=(30, 45))
    resolved_ticket(Category.CUSTOM_CODE, hours=50, public=8, minutes=(60,))
    resolved_ticket(Category.CUSTOM_CODE, hours=30, public=7)
    resolved_ticket(Category.QUESTION, hours=2, public=2, minutes=(15,))
    # Not resolved, or resolved before the period: not counted.
    TicketFactory(category=Category.CUSTOM_CODE)
    old = resolved_ticket(Category.QUESTION, hours=5, public=4, minutes=(90,))
    old.resolved_at = timezone.now() - timedelta(days=40)
    old.save(update_fields=["resolved_at"])


def test_custom_code_is_a_category_with_a_default_priority():
    assert Category("custom_code").label == "Custom Code"
    assert CATEGORY_DEFAULT_PRIORITY[Category.CUSTOM_CODE] == Priority.NORMAL


def test_metrics_per_case_type_from_known_tickets(cases):
    rows = {
        row.category: row
        for row in selectors.case_type_metrics(timezone.now() - timedelta(days=30))
    }

    assert list(rows) == list(Category.values)  # every case type, custom code beside the others
    custom = rows["custom_code"]
    assert custom.resolved == 3
    assert custom.median_minutes == 30 * 60
    assert str(custom.messages_per_ticket) == "7.0"  # (6 + 8 + 7) / 3; internal notes not counted
    assert custom.minutes_spent == 135
    assert custom.minutes_per_ticket == 45
    question = rows["question"]
    assert (question.resolved, question.median_minutes, question.minutes_spent) == (1, 120, 15)
    assert str(question.messages_per_ticket) == "2.0"
    empty = rows["server_issue"]
    assert (empty.resolved, empty.median_minutes, empty.messages_per_ticket) == (0, None, None)


def test_elapsed_reads_in_days_and_hours():
    assert elapsed(None) == "–"
    assert elapsed(95) == "1 h 35 min"
    assert elapsed(30 * 60) == "1 d 6 h"
    assert elapsed(2 * 24 * 60) == "2 d"


def test_the_dashboard_shows_the_case_types_table(cases):
    client = Client()
    client.force_login(LeadFactory())
    html = client.get("/desk/sla/").content.decode()

    assert "Case types (last 30 days)" in html
    assert (
        '<tr data-case-type="custom_code"><th scope="row">Custom Code</th><td>3</td>'
        "<td>1 d 6 h</td><td>7.0</td><td>2 h 15 min</td><td>45 min</td><td>0% (0 of 3)</td></tr>"
    ) in html
    assert (
        '<tr data-case-type="server_issue"><th scope="row">Server Issue</th><td>0</td>'
        "<td>–</td><td>–</td><td>–</td><td>–</td><td>–</td></tr>"
    ) in html


def test_agents_do_not_get_the_case_types(cases):
    client = Client()
    client.force_login(AgentFactory())
    assert "Case types" not in client.get("/desk/sla/").content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_one_query_whatever_the_number_of_tickets(rows, django_assert_num_queries):
    for n in range(rows):
        resolved_ticket(Category.CUSTOM_CODE, hours=n + 1, public=2, minutes=(10,))

    for _ in range(rows):
        touched(Category.QUESTION, "s")

    with django_assert_num_queries(1):
        table = selectors.case_type_metrics(timezone.now() - timedelta(days=30))
    custom = next(row for row in table if row.category == "custom_code")
    question = next(row for row in table if row.category == "question")
    assert (custom.resolved, custom.minutes_spent) == (rows, 10 * rows)
    assert (question.resolved, question.one_touch_rate) == (rows, 100)


# --- seed 003-03: one-touch solve --------------------------------------------------------------


def touched(category, *words):
    """A ticket opened 10 hours ago and resolved now, with public messages an hour apart:
    ``"s"`` a staff reply, ``"c"`` a customer reply, ``"n"`` an internal note, ``"after"`` a
    staff reply after the resolution."""
    now = timezone.now()
    ticket = TicketFactory(
        category=category, resolved=True, created_at=now - timedelta(hours=10), resolved_at=now
    )
    for hour, word in enumerate(words, start=1):
        at = now - timedelta(hours=10 - hour) if word != "after" else now + timedelta(minutes=5)
        if word in ("s", "after"):
            MessageFactory(ticket=ticket, created_at=at)
        elif word == "c":
            MessageFactory(ticket=ticket, from_customer=True, created_at=at)
        else:
            MessageFactory(ticket=ticket, internal=True, created_at=at)
    return ticket


@pytest.fixture
def touches(db):
    touched(Category.QUESTION, "s")  # one touch
    touched(Category.QUESTION, "c", "s", "n", "after")  # one touch: the customer wrote before
    touched(Category.QUESTION, "s", "c", "s")  # two staff replies
    touched(Category.QUESTION, "s", "c")  # the customer wrote back after the only reply
    touched(Category.QUESTION)  # resolved without a staff reply
    touched(Category.ISSUE_WITH_ERROR, "s", "n")  # one touch
    touched(Category.ISSUE_WITH_ERROR, "s", "s")  # two staff replies


def test_one_touch_counts_tickets_solved_by_one_staff_reply_without_an_answer_back(touches):
    rows = {
        row.category: row
        for row in selectors.case_type_metrics(timezone.now() - timedelta(days=30))
    }
    question, issue = rows["question"], rows["issue_with_error"]
    assert (question.resolved, question.one_touch, question.one_touch_rate) == (5, 2, 40)
    assert (issue.resolved, issue.one_touch, issue.one_touch_rate) == (2, 1, 50)
    assert rows["server_issue"].one_touch_rate is None


def test_the_dashboard_shows_one_touch_per_case_type_and_overall(touches):
    client = Client()
    client.force_login(LeadFactory())
    html = client.get("/desk/sla/").content.decode()

    assert "<td>40% (2 of 5)</td></tr>" in html
    assert "<td>50% (1 of 2)</td></tr>" in html
    assert (
        '<tr data-case-type="all"><th scope="row">All case types</th><td>7</td>'
        "<td></td><td></td><td></td><td></td><td>43% (3 of 7)</td></tr>"
    ) in html
