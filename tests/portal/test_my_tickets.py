"""My tickets: the customer's own (a manager's: the organization's), waiting-for-reply first."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _numbers(response) -> list[int]:
    return [int(n) for n in re.findall(r'href="/portal/tickets/(\d+)/"', response.content.decode())]


def _ago(hours: int):
    return timezone.now() - timedelta(hours=hours)


def test_a_customer_sees_only_their_own_tickets(customer):
    mine = TicketFactory(requester=customer)
    colleague = CustomerFactory(
        customer_profile__organization=customer.customer_profile.organization
    )
    TicketFactory(requester=colleague)
    TicketFactory()
    response = _client(customer).get("/portal/")
    assert response.status_code == 200
    assert _numbers(response) == [mine.pk]
    assert "<title>My tickets · Helpdesk</title>" in response.content.decode()
    assert 'data-label="Requester"' not in response.content.decode()


def test_a_manager_sees_the_organizations_tickets_with_the_requester(db):
    manager = CustomerFactory(username="mia", customer_profile__is_manager=True)
    org = manager.customer_profile.organization
    colleague = CustomerFactory(
        username="colin", first_name="Colin", last_name="Hart", customer_profile__organization=org
    )
    own = TicketFactory(requester=manager, updated_at=_ago(2))
    theirs = TicketFactory(requester=colleague, updated_at=_ago(1))
    TicketFactory()
    response = _client(manager).get("/portal/")
    page = response.content.decode()
    assert _numbers(response) == [theirs.pk, own.pk]
    assert f"Tickets of {org.name}" in page
    assert '<td data-label="Requester">Colin Hart</td>' in page
    assert '<td data-label="Requester">You</td>' in page


def test_waiting_for_your_reply_comes_first_then_the_latest_update(customer):
    open_new = TicketFactory(requester=customer, updated_at=_ago(1))
    pending_old = TicketFactory(requester=customer, pending=True, updated_at=_ago(30))
    resolved = TicketFactory(requester=customer, resolved=True, updated_at=_ago(2))
    waiting = TicketFactory(requester=customer, waiting=True, updated_at=_ago(5))
    response = _client(customer).get("/portal/")
    page = response.content.decode()
    assert _numbers(response) == [waiting.pk, pending_old.pk, open_new.pk, resolved.pk]
    assert "2 tickets are waiting for your reply; they are listed first." in page
    assert page.count(">Waiting for your reply</span>") == 2
    assert ">We're working on it</span>" in page.replace("&#x27;", "'")
    assert ">Solved — reply to reopen</span>" in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("waiting", ["pending", "waiting"]),
        ("working", ["open"]),
        ("on_hold", ["on_hold"]),
        ("solved", ["review", "resolved"]),
        ("closed", ["closed"]),
        ("", ["pending", "waiting", "open", "on_hold", "review", "resolved", "closed"]),
        ("pending", ["pending"]),
        ("nonsense", ["pending", "waiting", "open", "on_hold", "review", "resolved", "closed"]),
    ],
)
def test_the_status_filter_uses_the_plain_words_groups(customer, status, expected):
    hours = iter(range(1, 10))
    tickets = {
        "pending": TicketFactory(requester=customer, pending=True, updated_at=_ago(next(hours))),
        "waiting": TicketFactory(requester=customer, waiting=True, updated_at=_ago(next(hours))),
        "open": TicketFactory(requester=customer, updated_at=_ago(next(hours))),
        "on_hold": TicketFactory(requester=customer, on_hold=True, updated_at=_ago(next(hours))),
        "review": TicketFactory(requester=customer, review=True, updated_at=_ago(next(hours))),
        "resolved": TicketFactory(requester=customer, resolved=True, updated_at=_ago(next(hours))),
        "closed": TicketFactory(requester=customer, closed=True, updated_at=_ago(next(hours))),
    }
    response = _client(customer).get("/portal/", {"status": status})
    assert _numbers(response) == [tickets[name].pk for name in expected]


def test_the_filter_offers_the_plain_words(customer):
    TicketFactory(requester=customer)
    page = _client(customer).get("/portal/").content.decode().replace("&#x27;", "'")
    options = re.findall(r'<option value="([a-z_]*)"[^>]*>([^<]+)</option>', page)
    assert options == [
        ("", "All tickets"),
        ("waiting", "Waiting for your reply"),
        ("working", "We're working on it"),
        ("on_hold", "On hold for now"),
        ("solved", "Solved — reply to reopen"),
        ("closed", "Closed — a reply opens a new ticket"),
    ]


def test_an_empty_filter_result_says_so(customer):
    TicketFactory(requester=customer)
    page = _client(customer).get("/portal/", {"status": "closed"}).content.decode()
    assert "No tickets match this filter." in page


def test_a_customer_without_tickets_is_invited_to_submit_one(customer):
    page = _client(customer).get("/portal/").content.decode()
    assert "You have no tickets yet." in page
    assert ">Submit your first ticket</a>" in page
    assert 'aria-label="Filter tickets"' not in page


def test_the_list_is_paginated_and_keeps_the_filter(customer):
    for hour in range(27):
        TicketFactory(requester=customer, updated_at=_ago(hour + 1))
    first = _client(customer).get("/portal/", {"status": "working"})
    second = _client(customer).get("/portal/", {"status": "working", "page": 2})
    assert len(_numbers(first)) == 25
    assert len(_numbers(second)) == 2
    assert 'href="?status=working&amp;page=2">Next</a>' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    assert set(_numbers(first)).isdisjoint(_numbers(second))


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_rows(django_assert_num_queries, n):
    manager = CustomerFactory(customer_profile__is_manager=True)
    org = manager.customer_profile.organization
    expected = {}
    for index in range(n):
        requester = manager if index % 2 else CustomerFactory(customer_profile__organization=org)
        ticket = TicketFactory(requester=requester, pending=index % 3 == 0)
        expected[ticket.pk] = (ticket.subject, "You" if index % 2 else requester.username)
    client = _client(manager)
    # session, user, groups, customer profile, count, page (with requesters), waiting count,
    # organization name
    with django_assert_num_queries(8):
        response = client.get("/portal/")
    rows = re.findall(
        r'<a href="/portal/tickets/(\d+)/">([^<]*)</a></td>\s*<td data-label="Requester">([^<]*)<',
        response.content.decode(),
    )
    assert len(rows) == min(n, 25)
    assert {
        int(number): (subject, who) for number, subject, who in rows
    }.items() <= expected.items()
