"""The time pages: the desk ticket panel, My time, the timer buttons, entries, the portal panel."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helpdesk.core.days import format_day
from tests.factories import AgentFactory, CustomerFactory, TaskFactory, TicketFactory
from tickets.models import Message
from timesheets.models import FollowUp, RunningTimer, TimeEntry

from .factories import FollowUpFactory, SupportPackFactory, TechnicalCallFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "time-panel"}


# --- the desk ticket panel -------------------------------------------------------------------


def test_the_ticket_page_shows_the_time_panel_with_totals_and_the_pack(agent):
    ticket = TicketFactory()
    SupportPackFactory(organization=ticket.organization, reference="PACK-ACME", hours=Decimal(2))
    TimeEntryFactory(ticket=ticket, agent=agent, minutes=95, note="Read the stack trace")

    page = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert 'id="time-panel"' in page
    assert "<strong>1 h 35 min</strong> logged" in page
    assert "Read the stack trace" in page
    assert "PACK-ACME" in page
    assert "Start timer" in page


def test_start_and_stop_from_the_panel_with_htmx_swap_the_panel(agent):
    ticket = TicketFactory()
    client = _client(agent)
    base = {"panel_ticket": ticket.pk, "next": f"/desk/tickets/{ticket.pk}/"}

    started = client.post(
        "/desk/time/timer/start/", {**base, "ticket": ticket.pk, "activity": "call"}, **HTMX
    )
    assert started.status_code == 200
    assert "Timer started." in started.content.decode()
    assert "Stop and log" in started.content.decode()
    assert RunningTimer.objects.get(agent=agent).activity == "call"
    # the desk header follows, out of band, with a Stop that comes back to the ticket
    header = started.content.decode().split('<div id="header-timer"')[1]
    assert header.startswith(' class="header-timer-slot" hx-swap-oob="true">')
    assert f'href="/desk/tickets/{ticket.pk}/">' in header
    assert f'<input type="hidden" name="next" value="/desk/tickets/{ticket.pk}/">' in header

    stopped = client.post("/desk/time/timer/stop/", base, **HTMX)

    assert stopped.status_code == 200
    assert "Timer stopped: 1 min of call logged" in stopped.content.decode()
    assert (
        '<div id="header-timer" class="header-timer-slot" hx-swap-oob="true">\n\n</div>'
        in stopped.content.decode()
    )
    assert TimeEntry.objects.get().minutes == 1
    assert not RunningTimer.objects.exists()


def test_without_javascript_the_timer_redirects_back_to_the_ticket(agent):
    ticket = TicketFactory()
    client = _client(agent)

    response = client.post(
        "/desk/time/timer/start/",
        {"ticket": ticket.pk, "activity": "research", "next": f"/desk/tickets/{ticket.pk}/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/desk/tickets/{ticket.pk}/"
    assert RunningTimer.objects.filter(agent=agent, ticket=ticket).exists()


def test_a_next_url_elsewhere_is_not_followed(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        "/desk/time/timer/start/",
        {"ticket": ticket.pk, "activity": "research", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/desk/time/"


def test_stopping_twice_answers_409_with_the_message_in_the_panel(agent):
    ticket = TicketFactory()

    response = _client(agent).post("/desk/time/timer/stop/", {"panel_ticket": ticket.pk}, **HTMX)

    assert response.status_code == 409
    assert "Your timer is not running" in response.content.decode()


def test_manual_entry_from_the_panel_logs_time_on_the_ticket(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        "/desk/time/entries/new/",
        {
            "panel_ticket": ticket.pk,
            "ticket": ticket.pk,
            "date": timezone.localdate().isoformat(),
            "minutes": "40",
            "activity": "email",
            "billable": "on",
            "note": "Wrote the answer",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert "Logged 40 min on #" in response.content.decode()
    entry = TimeEntry.objects.get()
    assert (entry.ticket, entry.minutes, entry.activity, entry.billable) == (
        ticket,
        40,
        "email",
        True,
    )


def test_a_refused_manual_entry_says_why_and_saves_nothing(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        "/desk/time/entries/new/",
        {
            "panel_ticket": ticket.pk,
            "ticket": ticket.pk,
            "date": timezone.localdate().isoformat(),
            "minutes": "40",
            "activity": "self_learning",
            "billable": "on",
        },
        **HTMX,
    )

    assert response.status_code == 400
    assert "Self-learning is never billable" in response.content.decode()
    assert TimeEntry.objects.count() == 0


def test_the_entry_form_shows_today_as_the_pages_write_days_and_takes_it_back(agent):
    ticket = TicketFactory()
    yesterday = timezone.localdate() - timedelta(days=1)
    client = _client(agent)

    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    response = client.post(
        "/desk/time/entries/new/",
        {
            "panel_ticket": ticket.pk,
            "ticket": ticket.pk,
            "date": format_day(yesterday),
            "minutes": "15",
            "activity": "email",
        },
        **HTMX,
    )

    assert f'value="{format_day(timezone.localdate())}"' in page
    assert f"Day, month, year, e.g. {format_day(timezone.localdate())}." in page
    assert response.status_code == 200
    assert TimeEntry.objects.get().date == yesterday


def test_a_manual_entry_with_a_day_that_is_not_one_says_what_to_write(agent):
    ticket = TicketFactory()
    today = timezone.localdate()

    response = _client(agent).post(
        "/desk/time/entries/new/",
        {"ticket": ticket.pk, "date": "12/07/2026", "minutes": "15", "activity": "email"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert (
        '<p class="help is-danger" role="alert">Write the day as day, month, year, e.g. '
        f"{format_day(today)} (or {today.isoformat()}).</p>"
    ) in body
    assert 'value="12/07/2026"' in body
    assert TimeEntry.objects.count() == 0


# --- My time ---------------------------------------------------------------------------------


def test_my_time_lists_my_week_follow_ups_and_calls(agent):
    ticket = TicketFactory(subject="Export breaks")
    TimeEntryFactory(agent=agent, ticket=ticket, minutes=50, note="mine")
    TimeEntryFactory(ticket=ticket, minutes=20, note="someone else's")
    FollowUpFactory(agent=agent, ticket=ticket, note="Ask whether the fix works")
    TechnicalCallFactory(agent=agent, ticket=ticket)

    page = _client(agent).get("/desk/time/").content.decode()

    assert "<strong>50 min</strong> this week" in page
    assert "mine" in page
    assert "someone else" not in page
    assert "Ask whether the fix works" in page
    assert "Customer did not show" in page
    assert "My scheduled calls" in page


def test_a_manual_self_learning_entry_needs_no_ticket(agent):
    response = _client(agent).post(
        "/desk/time/entries/new/",
        {"date": timezone.localdate().isoformat(), "minutes": "30", "activity": "self_learning"},
    )

    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.ticket, entry.billable) == (None, False)


def test_a_manual_entry_for_a_ticket_that_does_not_exist_is_refused(agent):
    response = _client(agent).post(
        "/desk/time/entries/new/",
        {
            "ticket": "99999",
            "date": timezone.localdate().isoformat(),
            "minutes": "30",
            "activity": "research",
        },
    )

    assert response.status_code == 400
    assert "There is no ticket #99999." in response.content.decode()
    assert TimeEntry.objects.count() == 0


def test_follow_up_done_leaves_my_list(agent):
    follow_up = FollowUpFactory(agent=agent)

    response = _client(agent).post(f"/desk/time/follow-ups/{follow_up.pk}/done/")

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert "Nothing to follow up." in _client(agent).get("/desk/time/").content.decode()


def test_someone_else_s_follow_up_cannot_be_marked_done(agent):
    follow_up = FollowUpFactory()

    _client(agent).post(f"/desk/time/follow-ups/{follow_up.pk}/done/")

    assert FollowUp.objects.get(pk=follow_up.pk).done_at is None


# --- editing entries -------------------------------------------------------------------------


def test_an_agent_edits_an_own_entry(agent):
    entry = TimeEntryFactory(agent=agent, minutes=30)

    response = _client(agent).post(
        f"/desk/time/entries/{entry.pk}/edit/",
        {
            "date": entry.date.isoformat(),
            "minutes": "45",
            "activity": "call",
            "billable": "on",
            "note": "Longer call",
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.minutes, entry.activity, entry.note) == (45, "call", "Longer call")


def test_an_agent_cannot_open_the_edit_page_of_someone_else_s_entry(agent):
    entry = TimeEntryFactory(minutes=30)

    response = _client(agent).post(
        f"/desk/time/entries/{entry.pk}/edit/",
        {"date": entry.date.isoformat(), "minutes": "45", "activity": "call"},
    )

    assert response.status_code == 403
    assert TimeEntry.objects.get(pk=entry.pk).minutes == 30


def test_a_lead_edits_and_deletes_anyone_s_entry(lead):
    entry = TimeEntryFactory(minutes=30)
    client = _client(lead)

    assert client.get(f"/desk/time/entries/{entry.pk}/edit/").status_code == 200
    response = client.post(f"/desk/time/entries/{entry.pk}/delete/")

    assert response.status_code == 302
    assert TimeEntry.objects.count() == 0


# --- technical calls -------------------------------------------------------------------------


def test_booking_a_call_from_the_panel(agent):
    ticket = TicketFactory()
    day = timezone.localdate() + timedelta(days=2)

    response = _client(agent).post(
        f"/desk/time/tickets/{ticket.pk}/calls/",
        {
            "panel_ticket": ticket.pk,
            "day": day.isoformat(),
            "time": "11:00",
            "note": "SH setup",
            "meeting_url": "https://meet.example.com/sh",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert "Call booked for" in response.content.decode()
    call = ticket.technical_calls.get()
    assert (call.agent, call.scheduled_on, call.note) == (agent, day, "SH setup")
    assert list(ticket.tags.values_list("name", flat=True)) == ["Technical Call"]


def test_a_second_call_the_same_day_is_refused_with_the_reason(agent):
    ticket = TicketFactory()
    day = timezone.localdate() + timedelta(days=2)
    client = _client(agent)
    client.post(
        f"/desk/time/tickets/{ticket.pk}/calls/",
        {"day": day, "time": "09:00", "meeting_url": "https://meet.example.com/a"},
    )

    response = client.post(
        f"/desk/time/tickets/{TicketFactory().pk}/calls/",
        {
            "panel_ticket": ticket.pk,
            "day": day.isoformat(),
            "time": "15:00",
            "meeting_url": "https://meet.example.com/b",
        },
        **HTMX,
    )

    assert response.status_code == 409
    assert "already has a technical call on" in response.content.decode()
    assert agent.technical_calls.count() == 1


def test_no_show_button_logs_the_wait_and_notes_it_on_the_ticket(agent):
    start = timezone.now() - timedelta(minutes=20)
    call = TechnicalCallFactory(agent=agent, scheduled_at=start)

    response = _client(agent).post(f"/desk/time/calls/{call.pk}/no-show/")

    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.waited_minutes) == ("no_show", 15)
    entry = TimeEntry.objects.get()
    assert (entry.activity, entry.minutes, entry.ticket) == ("call", 15, call.ticket)
    note = Message.objects.get(ticket=call.ticket, kind="internal_note")
    assert "did not show" in note.body


# --- the portal panel ------------------------------------------------------------------------


def test_the_portal_shows_time_spent_without_names_or_notes():
    customer = CustomerFactory()
    ticket = TicketFactory(requester=customer, created_at=timezone.now() - timedelta(days=5))
    worker = AgentFactory(username="secret-agent")
    task = TaskFactory(ticket=ticket)
    TimeEntryFactory(ticket=ticket, agent=worker, minutes=45, note="internal musings")
    TimeEntryFactory(ticket=ticket, task=task, agent=worker, minutes=30)
    TimeEntryFactory(ticket=ticket, agent=worker, minutes=15, billable=False, activity="meeting")

    page = _client(customer).get(f"/portal/tickets/{ticket.pk}/").content.decode()

    assert "Time spent" in page
    assert "<dd data-time-total>1 h 30 min</dd>" in page
    assert "<dd data-time-billable>1 h 15 min</dd>" in page
    assert "<dd data-time-open>5 days</dd>" in page
    assert "secret-agent" not in page
    assert "internal musings" not in page


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 50])
def test_my_time_costs_the_same_queries_for_5_and_50_entries(agent, django_assert_num_queries, n):
    tickets = TicketFactory.create_batch(3)
    entries = [
        TimeEntryFactory(agent=agent, ticket=tickets[index % 3], task=None) for index in range(n)
    ]
    follow_ups = [FollowUpFactory(agent=agent, ticket=ticket) for ticket in tickets]
    call = TechnicalCallFactory(agent=agent, ticket=tickets[0])
    client = _client(agent)

    # session, user, groups; the week's entries, follow-ups, calls, the running timer; the bell
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(9):
        response = client.get("/desk/time/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    for entry in entries:
        assert f'href="{reverse("time-entry-edit", args=[entry.pk])}?next=' in html
    for ticket in tickets:  # its entries (a third of them each), its follow-up, the call
        link = f'<a href="/desk/tickets/{ticket.pk}/">#{ticket.pk}</a> {ticket.subject}<'
        assert html.count(link) == len([e for e in entries if e.ticket_id == ticket.pk])
    for follow_up in follow_ups:
        assert f'action="{reverse("time-follow-up-done", args=[follow_up.pk])}"' in html
    assert f'id="call-{call.pk}"' in html
    assert f">#{tickets[0].pk} {tickets[0].subject}</a>" in html


@pytest.mark.parametrize("n", [5, 50])
def test_the_time_panel_costs_the_same_queries_for_5_and_50_entries(
    agent, django_assert_num_queries, n
):
    ticket = TicketFactory()
    pack = SupportPackFactory(organization=ticket.organization)
    task = TaskFactory(ticket=ticket)
    entries = TimeEntryFactory.create_batch(n, ticket=ticket, task=task)
    call = TechnicalCallFactory(ticket=ticket)
    services_timer = {"panel_ticket": ticket.pk, "ticket": ticket.pk, "activity": "research"}
    client = _client(agent)

    # session, user, groups; the ticket; the timer: savepoint, lock the agent, find the running
    # one, insert it, release;
    # the panel's ticket; totals, recent entries, timer, packs, calls
    with django_assert_num_queries(15):
        response = client.post("/desk/time/timer/start/", services_timer, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    logged = {5: "2 h 30 min", 50: "25 h"}[n]  # 30 minutes each
    assert f"<strong>{logged}</strong> logged · {logged} billable" in html
    latest = entries[::-1][:10]  # the panel lists the latest ten
    assert html.count(f" · Research · task {task.pk}") == len(latest)
    assert all(f"{e.agent.username} · Research · task {task.pk}" in html for e in latest)
    assert ("Showing the latest 10 of 50 entries." in html) is (n == 50)
    # the factory's entries draw nothing from the pack (no support_pack on them)
    assert f"<strong>{pack.reference}</strong>: 0 min of 10 h used (0%)" in html
    assert f'id="call-{call.pk}"' in html


# --- the task panel (for the desk task page) -------------------------------------------------


def test_the_task_time_tag_renders_the_timer_and_entries_of_one_task(agent, rf):
    from django.template import Context, Template

    task = TaskFactory()
    TimeEntryFactory(ticket=task.ticket, task=task, minutes=25, note="On the task")
    TimeEntryFactory(ticket=task.ticket, minutes=40, note="On the ticket only")
    request = rf.get(f"/desk/tasks/{task.pk}/")
    request.user = agent

    html = Template("{% load timesheet_tags %}{% task_time task %}").render(
        Context({"task": task, "request": request, "user": agent})
    )

    assert f'id="time-panel-task-{task.pk}"' in html
    assert "Time on this task" in html
    assert "<strong>25 min</strong> logged" in html
    assert "On the task" in html
    assert "On the ticket only" not in html
    assert f'name="task" value="{task.pk}"' in html
    assert "Book a call" not in html


def test_a_timer_started_from_the_task_panel_swaps_the_task_panel(agent):
    task = TaskFactory()

    response = _client(agent).post(
        "/desk/time/timer/start/",
        {"panel_task": task.pk, "ticket": task.ticket_id, "task": task.pk, "activity": "research"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert f'id="time-panel-task-{task.pk}"' in response.content.decode()
    timer = RunningTimer.objects.get(agent=agent)
    assert (timer.task, timer.ticket) == (task, task.ticket)


def test_customers_see_no_desk_time_panel(customer):
    from django.template import Context, Template

    ticket = TicketFactory(requester=customer)
    html = Template("{% load timesheet_tags %}{% ticket_time ticket %}").render(
        Context({"ticket": ticket, "user": customer})
    )

    assert html == ""
