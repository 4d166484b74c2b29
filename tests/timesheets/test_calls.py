"""Technical calls (seed 000): at most one per agent per day, "customer did not show" after 15
minutes logs the wait, and a follow-up a week later lands in the agent's list."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, TicketFactory
from tickets.models import Message
from timesheets import selectors, services
from timesheets.models import FollowUp, TechnicalCall, TimeEntry
from timesheets.services import calls as call_services
from timesheets.states import CallStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC (the desk's timezone)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _call(actor, ticket, hours_ahead=24, **kwargs):
    kwargs.setdefault("meeting_url", "https://meet.example.com/abc-defg-hij")
    return services.schedule_call(
        actor=actor, ticket=ticket, scheduled_at=NOW + timedelta(hours=hours_ahead), **kwargs
    )


def test_scheduling_a_call_notes_it_and_tags_the_ticket(agent):
    ticket = TicketFactory()

    call = _call(agent, ticket, note="Questions about SH")

    assert (call.agent, call.scheduled_on, call.status) == (
        agent,
        NOW.date() + timedelta(days=1),
        "scheduled",
    )
    note = Message.objects.get(ticket=ticket, kind="internal_note")
    assert note.body == (
        f"Technical call booked for Tue 3 Mar 2026 at 09:00 with {agent.username}."
        "\nMeeting link: https://meet.example.com/abc-defg-hij"
        "\n\nQuestions about SH"
    )
    assert list(ticket.tags.values_list("name", flat=True)) == ["Technical Call"]


def test_a_second_call_on_the_same_day_is_refused_with_the_reason(agent):
    _call(agent, TicketFactory(), hours_ahead=24)

    with pytest.raises(Conflict) as error:
        _call(agent, TicketFactory(), hours_ahead=30)

    assert error.value.status == 409
    assert error.value.code == "call_day_taken"
    assert error.value.message == (
        f"{agent.username} already has a technical call on Tue 3 Mar 2026. Book at most one "
        "call per day (seed 000): choose another day, or cancel that call first."
    )
    assert TechnicalCall.objects.count() == 1


def test_another_agent_may_have_a_call_that_day(agent):
    _call(agent, TicketFactory())

    _call(AgentFactory(), TicketFactory())

    assert TechnicalCall.objects.count() == 2


def test_a_canceled_call_frees_the_day(agent):
    call = _call(agent, TicketFactory())

    services.cancel_call(call, actor=agent, reason="Customer asked to move it")
    again = _call(agent, TicketFactory(), hours_ahead=26)

    assert TechnicalCall.objects.get(pk=call.pk).status == "canceled"
    assert again.status == "scheduled"


def test_the_database_refusal_of_a_racing_booking_gives_the_same_message(agent, monkeypatch):
    _call(agent, TicketFactory())
    # As if another booking committed between our check and our insert.
    monkeypatch.setattr(call_services, "_has_call_that_day", lambda agent, day: False)

    with pytest.raises(Conflict) as error:
        _call(agent, TicketFactory(), hours_ahead=30)

    assert error.value.code == "call_day_taken"
    assert "already has a technical call on Tue 3 Mar 2026" in error.value.message
    assert TechnicalCall.objects.count() == 1


def test_a_call_in_the_past_is_refused(agent):
    with pytest.raises(ValidationFailed):
        _call(agent, TicketFactory(), hours_ahead=-1)
    assert TechnicalCall.objects.count() == 0


def test_an_agent_books_only_their_own_calls(agent, lead):
    other = AgentFactory()
    with pytest.raises(PermissionDenied):
        _call(agent, TicketFactory(), agent=other)

    call = _call(lead, TicketFactory(), agent=other)

    assert call.agent == other


def test_no_show_is_refused_before_the_15_minutes_have_passed(agent):
    call = _call(agent, TicketFactory(), hours_ahead=1)

    early = call.scheduled_at + timedelta(minutes=14)
    with time_machine.travel(early, tick=False), pytest.raises(Conflict) as error:
        services.customer_no_show(call, actor=agent)

    assert "Wait 15 minutes for the customer" in error.value.message
    assert "from 10:15" in error.value.message
    call.refresh_from_db()
    assert call.status == "scheduled"
    assert TimeEntry.objects.count() == 0


def test_no_show_logs_the_wait_notes_it_and_plans_a_follow_up(agent):
    ticket = TicketFactory()
    call = _call(agent, ticket, hours_ahead=1)
    later = call.scheduled_at + timedelta(minutes=16)

    with time_machine.travel(later, tick=False):
        entry = services.customer_no_show(call, actor=agent)

    call.refresh_from_db()
    assert (call.status, call.waited_minutes) == (CallStatus.NO_SHOW, 15)
    assert (entry.activity, entry.minutes, entry.billable, entry.ticket) == (
        "call",
        15,
        True,
        ticket,
    )
    notes = list(
        Message.objects.filter(ticket=ticket, kind="internal_note").values_list("body", flat=True)
    )
    assert notes[-1] == (
        "The customer did not show for the technical call of Mon 2 Mar 2026 at 10:00. "
        f"{agent.username} waited 15 minutes (logged as call time). Tell the consultant and "
        "ask whether the customer wants to reschedule."
    )
    follow_up = FollowUp.objects.get(call=call)
    assert (follow_up.agent, follow_up.due_on) == (agent, NOW.date())


def test_the_agent_may_say_they_waited_longer_but_not_longer_than_the_call_ran(agent):
    call = _call(agent, TicketFactory(), hours_ahead=1)

    with time_machine.travel(call.scheduled_at + timedelta(minutes=25), tick=False):
        with pytest.raises(ValidationFailed):
            services.customer_no_show(call, actor=agent, waited_minutes=40)
        entry = services.customer_no_show(call, actor=agent, waited_minutes=20)

    assert entry.minutes == 20


def test_a_held_call_logs_its_time_and_a_follow_up_a_week_later_is_in_my_list(agent):
    ticket = TicketFactory()
    call = _call(agent, ticket, hours_ahead=1)

    with time_machine.travel(call.scheduled_at + timedelta(minutes=70), tick=False):
        entry = services.call_held(call, actor=agent, minutes=55, summary="We checked the cron.")

    assert (entry.activity, entry.minutes, entry.date) == ("call", 55, call.scheduled_on)
    assert TechnicalCall.objects.get(pk=call.pk).status == "held"
    (follow_up,) = selectors.open_follow_ups(agent)
    assert (follow_up.ticket, follow_up.due_on, follow_up.call_id) == (
        ticket,
        call.scheduled_on + timedelta(days=7),
        call.pk,
    )


def test_a_call_is_handled_once(agent):
    call = _call(agent, TicketFactory(), hours_ahead=1)
    with time_machine.travel(call.scheduled_at + timedelta(minutes=70), tick=False):
        services.call_held(call, actor=agent, minutes=55, summary="We checked the cron.")

        with pytest.raises(Conflict):
            services.customer_no_show(call, actor=agent)

    assert TimeEntry.objects.count() == 1


def test_another_agent_cannot_handle_my_call(agent):
    call = _call(agent, TicketFactory(), hours_ahead=1)

    with pytest.raises(PermissionDenied):
        services.cancel_call(call, actor=AgentFactory())

    assert TechnicalCall.objects.get(pk=call.pk).status == "scheduled"


def test_follow_ups_are_done_once(agent):
    follow_up = services.add_follow_up(
        actor=agent, ticket=TicketFactory(), due_on=timezone.localdate(), note="Email back"
    )

    services.complete_follow_up(follow_up, actor=agent)
    with pytest.raises(Conflict):
        services.complete_follow_up(follow_up, actor=agent)

    assert list(selectors.open_follow_ups(agent)) == []
