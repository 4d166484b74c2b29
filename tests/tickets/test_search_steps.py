"""The PostgreSQL search's steps (tickets/search/postgres.py): the walk of the newest texts, then
one read of the index for a rare word, or the index by buckets of tickets for a word spread thin;
a small scope (a customer's own tickets) is read through its tickets instead.

Whatever steps it takes, it finds what one plain statement would: the newest ``CANDIDATES``
matching texts. The tests make the steps small (a walk of two texts, a few candidates) and place
tickets in several buckets of 16,384 ticket numbers, so each path runs on a few rows."""

import pytest
from django.db import connection

from tests.conftest import on_postgresql
from tests.factories import AgentFactory, CustomerFactory, MessageFactory, TicketFactory
from tickets import search, selectors
from tickets.models import SearchDocument
from tickets.search import postgres

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not on_postgresql(), reason="needs PostgreSQL: set DATABASE_URL (CI does)"),
]

BUCKET = 1 << postgres.BUCKET_SHIFT


@pytest.fixture
def small_steps(monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", 4)
    monkeypatch.setattr(postgres, "SCOPED_CANDIDATES", 4)
    monkeypatch.setattr(postgres, "WALK", 2)


def _tickets_in_buckets(customer, subject: str, numbers: list[int]) -> list[int]:
    """Tickets with these numbers, oldest number first (so newer texts have higher numbers)."""
    for number in numbers:
        TicketFactory(pk=number, requester=customer, subject=f"{subject} {number}")
    return numbers


def _plain_newest(text: str, limit: int, public_only: bool = False) -> list[int]:
    """The reference: one statement, the newest ``limit`` matching texts' tickets."""
    public = "AND public" if public_only else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ticket_id FROM tickets_searchdocument WHERE vector @@ "
            "(websearch_to_tsquery('english', %s) || websearch_to_tsquery('spanish', %s)) "
            f"{public} ORDER BY id DESC LIMIT %s",
            [text, text, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _statements(user, text):
    return search.statements(user, text, within=selectors.tickets_visible_to(user))


def test_every_document_names_its_tickets_bucket():
    ticket = TicketFactory(pk=3 * BUCKET + 5, subject="Bucketed")
    MessageFactory(ticket=ticket, body="A reply")
    vectors = [str(v) for v in SearchDocument.objects.values_list("vector", flat=True)]
    assert len(vectors) == 2
    assert all("'~3'" in v for v in vectors)


def test_a_word_spread_thin_is_read_by_buckets_and_finds_the_newest(small_steps, monkeypatch):
    monkeypatch.setattr(postgres, "RARE", 0)  # any match in the walk: read by buckets
    monkeypatch.setattr(postgres, "WALK", 3)
    agent, customer = AgentFactory(), CustomerFactory()
    numbers = [5, 7, BUCKET + 1, BUCKET + 9, 2 * BUCKET + 3, 4 * BUCKET + 1, 4 * BUCKET + 2]
    _tickets_in_buckets(customer, "Quokka sighting", numbers)
    TicketFactory(pk=5 * BUCKET, requester=customer, subject="Quokka latest")
    TicketFactory(pk=5 * BUCKET + 1, requester=customer, subject="Nothing here")
    TicketFactory(pk=5 * BUCKET + 2, requester=customer, subject="Nothing here either")

    statements = _statements(agent, "quokka")
    found = search.search(agent, "quokka", within=selectors.tickets_visible_to(agent))

    # The walk read the three newest texts (one match), then the index by buckets of tickets.
    assert len(statements) >= 2
    assert any("::tsquery" in sql for sql, _ in statements[1:])
    assert sorted(m.ticket_id for m in found.hits) == sorted(_plain_newest("quokka", 4))
    assert found.more


def test_a_rare_word_is_one_read_of_the_index_after_the_walk(small_steps):
    agent, customer = AgentFactory(), CustomerFactory()
    old = TicketFactory(requester=customer, subject="Kubernetes cluster down")
    for _ in range(5):
        TicketFactory(requester=customer, subject="Printer out of paper")

    statements = _statements(agent, "kubernetes")
    found = search.search(agent, "kubernetes", within=selectors.tickets_visible_to(agent))

    assert len(statements) == 2  # the walk found nothing, so one read of the index
    assert "::tsquery" not in statements[1][0]
    assert [m.ticket_id for m in found.hits] == [old.pk]
    assert not found.more


def test_a_common_word_stops_after_the_walk(monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", 3)
    monkeypatch.setattr(postgres, "WALK", 4)
    agent, customer = AgentFactory(), CustomerFactory()
    tickets = [TicketFactory(requester=customer, subject=f"Checkout {n}") for n in range(6)]

    statements = _statements(agent, "checkout")
    found = search.search(agent, "checkout", within=selectors.tickets_visible_to(agent))

    assert len(statements) == 1
    assert sorted(m.ticket_id for m in found.hits) == sorted(t.pk for t in tickets[-3:])
    assert found.more


@pytest.mark.parametrize(
    ("small", "first_read"),
    [(2_000, "ANY("), (1, "OFFSET 0")],
    ids=["a small scope, through its tickets", "a large scope, by the walk and buckets"],
)
def test_the_steps_keep_to_the_scope_and_a_customers_public_texts(
    small_steps, monkeypatch, small, first_read
):
    monkeypatch.setattr(postgres, "RARE", 0)
    monkeypatch.setattr(postgres, "SMALL", small)
    customer, other = CustomerFactory(), CustomerFactory()
    mine = _tickets_in_buckets(customer, "Invoice", [11, BUCKET + 11, 3 * BUCKET + 11])
    theirs = _tickets_in_buckets(other, "Invoice", [12, BUCKET + 12, 3 * BUCKET + 12])
    # An internal note on the customer's own newest ticket: staff text, not theirs to match.
    MessageFactory(ticket_id=mine[-1], body="invoice internal remark", internal=True)
    TicketFactory(pk=4 * BUCKET, requester=customer, subject="Latest, unrelated")
    TicketFactory(pk=4 * BUCKET + 1, requester=customer, subject="Also unrelated")

    within = selectors.customer_tickets(customer)
    statements = search.statements(customer, "invoice", within=within)
    found = search.search(customer, "invoice", within=within)

    # First the scope's size (up to SMALL + 1 tickets), then the path that size chose.
    assert statements[0][1][-1] == small + 1
    assert first_read in statements[1][0]
    assert sorted(m.ticket_id for m in found.hits) == sorted(mine)
    assert not set(theirs) & {m.ticket_id for m in found.hits}
    best = {m.ticket_id: m for m in found.hits}
    assert best[mine[-1]].message is None  # the ticket's own text, never the note


def test_a_filtered_search_ranks_fewer_candidates_and_says_there_are_more(monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", 5)
    monkeypatch.setattr(postgres, "SCOPED_CANDIDATES", 2)
    agent, customer = AgentFactory(), CustomerFactory()
    tickets = [TicketFactory(requester=customer, subject=f"Refund {n}") for n in range(4)]
    every = selectors.tickets_visible_to(agent)

    everywhere = search.search(agent, "refund", within=every)
    filtered = search.search(agent, "refund", within=every.filter(requester=customer))

    assert sorted(m.ticket_id for m in everywhere.hits) == sorted(t.pk for t in tickets)
    assert not everywhere.more
    assert sorted(m.ticket_id for m in filtered.hits) == sorted(t.pk for t in tickets[-2:])
    assert filtered.more
