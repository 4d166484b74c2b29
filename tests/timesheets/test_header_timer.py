"""The running timer in the desk header (issue 14): every desk page shows the agent's running
timer (ticket, elapsed "0:12", Stop) for one indexed query; customers, visitors and htmx
partials pay nothing."""

import copy
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import TicketFactory
from timesheets import services
from timesheets.models import RunningTimer, TimeEntry

pytestmark = pytest.mark.django_db

PROCESSOR = "timesheets.context_processors.running_timer"
QUEUE = "/desk/?status=open&assignee="


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _without_header_timer(settings) -> None:
    templates = copy.deepcopy(django_settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    processors.remove(PROCESSOR)
    settings.TEMPLATES = templates


def _queries(client, url, **headers) -> tuple[int, str]:
    client.get(url, headers=headers)  # warm up: the session, the cached role
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.fixture
def running(agent):
    """tina's timer on a ticket, started 12 min 30 s ago; the clock stands still meanwhile."""
    ticket = TicketFactory()
    now = timezone.now()
    with time_machine.travel(now - timedelta(minutes=12, seconds=30), tick=False):
        services.start_timer(actor=agent, ticket=ticket, activity="research")
    with time_machine.travel(now, tick=False):
        yield ticket


def test_the_queue_costs_exactly_one_query_more_and_shows_the_timer(agent, running, settings):
    client = _client(agent)
    with_timer, html = _queries(client, QUEUE)
    _without_header_timer(settings)
    without, bare = _queries(client, QUEUE)

    assert with_timer == without + 1
    assert f'<a class="header-timer-link" href="/desk/tickets/{running.pk}/">' in html
    assert f'#{running.pk}<span class="is-sr-only">, research, running for</span>' in html
    assert (
        '<time class="header-timer-clock" datetime="PT12M" data-header-timer-seconds="750">'
        "0:12</time>"
    ) in html
    assert '<input type="hidden" name="next" value="/desk/?status=open&amp;assignee=">' in html
    assert "header-timer-link" not in bare


def test_an_agent_without_a_timer_sees_no_timer(agent, settings):
    client = _client(agent)
    with_processor, html = _queries(client, QUEUE)
    _without_header_timer(settings)
    without, _ = _queries(client, QUEUE)

    assert with_processor == without + 1  # the one indexed look-up, finding nothing
    assert "header-timer-link" not in html


def test_an_htmx_swap_of_the_queue_reads_no_timer(agent, running, settings):
    client = _client(agent)
    htmx = {"HX-Request": "true", "HX-Target": "queue-results"}
    with_processor, html = _queries(client, QUEUE, **htmx)
    _without_header_timer(settings)
    without, _ = _queries(client, QUEUE, **htmx)

    assert with_processor == without
    assert "header-timer-link" not in html


def test_customers_portal_pages_cost_the_same(customer, settings):
    ticket = TicketFactory(requester=customer)
    client = _client(customer)
    pages = ["/portal/", f"/portal/tickets/{ticket.pk}/"]
    with_processor = [_queries(client, url) for url in pages]
    _without_header_timer(settings)
    without = [_queries(client, url) for url in pages]

    assert [count for count, _ in with_processor] == [count for count, _ in without]
    assert all("header-timer-link" not in html for _, html in with_processor)


@pytest.mark.parametrize(
    "url",
    ["/desk/", "/desk/known-issues/", "/desk/time/", "/desk/tickets/new/", "/notifications/"],
)
def test_every_desk_page_shows_the_timer(agent, running, url):
    html = _client(agent).get(url).content.decode()

    assert f'<a class="header-timer-link" href="/desk/tickets/{running.pk}/">' in html


def test_hours_show_after_an_hour(agent):
    ticket = TicketFactory()
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=2, minutes=5), tick=False):
        services.start_timer(actor=agent, ticket=ticket, activity="call")

    with time_machine.travel(now, tick=False):
        html = _client(agent).get("/desk/").content.decode()

    assert 'datetime="PT125M" data-header-timer-seconds="7500"' in html
    assert ">2:05</time>" in html


def test_stop_from_the_queue_logs_the_time_and_comes_back(agent, running):
    client = _client(agent)

    response = client.post("/desk/time/timer/stop/", {"next": QUEUE}, follow=True)

    assert response.redirect_chain == [(QUEUE, 302)]
    entry = TimeEntry.objects.get()
    assert (entry.agent, entry.ticket, entry.minutes) == (agent, running, 13)  # rounded up
    assert not RunningTimer.objects.exists()
    html = response.content.decode()
    assert f"Timer stopped: 13 min of research logged on #{running.pk}." in html
    assert "header-timer-link" not in html


def test_a_stop_that_comes_too_late_says_so_and_logs_nothing(agent):
    response = _client(agent).post("/desk/time/timer/stop/", {"next": QUEUE}, follow=True)

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Your timer is not running (it was stopped already)." in response.content.decode()
    assert not TimeEntry.objects.exists()
