"""The desk queue's page is read in index order on PostgreSQL: no sort of every matching ticket.

The tables here are tiny, so sequential scans and sorts are switched off for the transaction:
what is checked is that an index CAN serve the query's filter and ORDER BY (a change to either
that breaks the match shows up here as a Sort node), not how fast anything is.
"""

import pytest
from django.db import connection

from tests.factories import AgentFactory, TicketFactory
from tickets import selectors
from tickets.states import ACTIVE_STATUSES, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # a Sort now means no index gives the order
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def agent():
    TicketFactory.create_batch(3)
    TicketFactory(closed=True)
    return AgentFactory()


def test_the_default_view_walks_the_partial_index_of_active_tickets(agent):
    queue = selectors.desk_queue(agent, statuses=sorted(ACTIVE_STATUSES))

    plan = _plan(queue.tickets[:50])

    assert "ticket_desk_active_idx" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
def test_one_status_walks_the_status_index_with_a_tier_filter_too(agent, status):
    queue = selectors.desk_queue(agent, statuses=[status], tier="t2")

    plan = _plan(queue.tickets[:50])

    assert "ticket_desk_status_idx" in plan
    assert "Sort" not in plan


def test_the_counts_stop_at_the_cap_instead_of_reading_every_ticket(agent, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 1)
    TicketFactory.create_batch(2)

    queue = selectors.desk_queue(agent)

    assert queue.counts[Status.OPEN] == 1
    assert queue.capped == {Status.OPEN}
    assert queue.total_capped is True


def test_the_all_tab_walks_the_index_of_every_ticket(agent):
    queue = selectors.desk_queue(agent, statuses=list(Status.values))

    plan = _plan(queue.tickets[:50])

    assert "ticket_desk_all_idx" in plan
    assert "Sort" not in plan


def test_a_priority_filter_is_a_range_of_the_index_not_a_walk_past_higher_ones(agent):
    queue = selectors.desk_queue(agent, priority="low")

    plan = _plan(queue.tickets[:50])

    assert "ticket_desk_active_idx" in plan
    assert "Index Cond: (priority_order = 3)" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("created", "ticket_desk_created_idx"),
        ("-created", "ticket_desk_created_idx"),
        ("activity", "ticket_desk_activity_idx"),
        ("-activity", "ticket_desk_activity_idx"),
        ("-priority", "ticket_desk_active_idx"),
    ],
)
def test_each_order_of_the_default_view_walks_an_index_either_way(agent, sort, index):
    queue = selectors.desk_queue(agent, statuses=sorted(ACTIVE_STATUSES), sort=sort)

    plan = _plan(queue.tickets[:50])

    assert index in plan
    assert ("Index Scan Backward" in plan) is sort.startswith("-")
    assert "Sort" not in plan


def test_an_agents_own_tiers_filter_the_walk_of_the_same_index(agent):
    queue = selectors.desk_queue(agent, statuses=sorted(ACTIVE_STATUSES), tier="mine")

    plan = _plan(queue.tickets[:50])

    assert "ticket_desk_active_idx" in plan
    assert "Sort" not in plan
