"""Every timer, travelled through in time: due instants, edges, and sweeps that run twice."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import timezone

from helpdesk.core.sweeps import Sweep
from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import TicketFactory
from tests.tickets.timers_support import (
    DAY,
    MINUTE,
    THURSDAY,
    kinds,
    moved,
    pending_ticket,
    snapshot,
)
from tickets import selectors, services, sweeps
from tickets.models import Message, Ticket, TimerPolicy, TransitionLog
from tickets.states import MessageKind, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_broker")]

REMINDER = THURSDAY + 3 * DAY  # Sunday 10:00
AUTO_RESOLVE = REMINDER + 4 * DAY


@pytest.fixture
def _no_broker(monkeypatch):
    """On-commit publishes of the sender go nowhere: these tests run the sender themselves."""
    from helpdesk.celery import app

    monkeypatch.setattr(app, "send_task", lambda *args, **kwargs: None)


def run(sweep, clock, at, **options):
    clock.move_to(at, tick=False)
    return sweep().run(**options).applied


def test_no_reminder_one_minute_before_it_is_due(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)

    assert run(sweeps.PendingReminder, time_machine, REMINDER - MINUTE) == 0

    assert Ticket.objects.get(pk=ticket.pk).reminder_sent_at is None
    assert kinds(ticket, "pending_reminder") == []


def test_the_reminder_goes_out_once_and_starts_the_auto_resolve_countdown(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)

    assert run(sweeps.PendingReminder, time_machine, REMINDER) == 1

    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert (ticket.reminder_sent_at, ticket.remind_at) == (REMINDER, None)
    assert ticket.auto_resolve_at == AUTO_RESOLVE
    reminder = Notification.objects.get(ticket_number=ticket.pk, kind="pending_reminder")
    assert reminder.dedupe_key == f"pending-reminder:{ticket.pk}:{THURSDAY.isoformat()}"
    assert reminder.recipient == ticket.requester.email
    event = ticket.messages.get(kind=MessageKind.EVENT)
    assert (event.author, event.created_at) == (None, REMINDER)  # the helpdesk sent it
    assert event.body.startswith("Reminder sent to the customer.")
    assert not TransitionLog.objects.filter(ticket=ticket, transition="auto_resolve").exists()


def test_a_customer_reply_one_minute_before_the_reminder_cancels_the_countdown(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)
    time_machine.move_to(REMINDER - MINUTE, tick=False)
    services.customer_reply(ticket, actor=ticket.requester, body="It works now, thanks!")

    assert run(sweeps.PendingReminder, time_machine, REMINDER) == 0
    assert run(sweeps.PendingAutoResolve, time_machine, AUTO_RESOLVE + DAY) == 0

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.remind_at is None
    assert kinds(ticket) == ["public_reply"]


def test_no_reply_after_the_reminder_resolves_with_a_note_and_an_email(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)
    run(sweeps.PendingReminder, time_machine, REMINDER)

    assert run(sweeps.PendingAutoResolve, time_machine, AUTO_RESOLVE - MINUTE) == 0
    assert run(sweeps.PendingAutoResolve, time_machine, AUTO_RESOLVE) == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (Status.RESOLVED, AUTO_RESOLVE)
    assert ticket.close_at == AUTO_RESOLVE + 3 * DAY
    log = TransitionLog.objects.get(ticket=ticket, transition="auto_resolve")
    assert (log.from_status, log.to_status, log.actor) == ("pending", "resolved", None)
    assert log.comment.startswith("Resolved automatically: no reply since the reminder of")
    # The reason is the status change's comment on the timeline, not a note in the conversation.
    changes = [e.change for e in selectors.timeline_of(ticket) if e.change]
    assert [c.comment for c in changes if c.transition == "auto_resolve"] == [log.comment]
    assert not ticket.messages.filter(kind=MessageKind.SYSTEM_NOTE).exists()
    # … and the satisfaction question (satisfaction's own email, written as the ticket resolves)
    assert kinds(ticket) == ["public_reply", "pending_reminder", "csat_question", "auto_resolved"]


def test_re_entering_pending_after_a_reminder_starts_a_new_countdown(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)
    run(sweeps.PendingReminder, time_machine, REMINDER)
    time_machine.move_to(REMINDER + DAY, tick=False)
    services.customer_reply(ticket, actor=ticket.requester, body="Not fixed.")
    again = REMINDER + 2 * DAY
    time_machine.move_to(again, tick=False)
    services.reply(ticket, actor=agent, body="Now?", set_pending=True)

    # The first spell's auto-resolve instant passes without effect.
    assert run(sweeps.PendingAutoResolve, time_machine, AUTO_RESOLVE) == 0
    assert run(sweeps.PendingReminder, time_machine, again + 3 * DAY - MINUTE) == 0
    assert run(sweeps.PendingReminder, time_machine, again + 3 * DAY) == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.pending_since) == (Status.PENDING, again)
    keys = list(
        Notification.objects.filter(kind="pending_reminder").values_list("dedupe_key", flat=True)
    )
    assert sorted(keys) == sorted(
        [
            f"pending-reminder:{ticket.pk}:{THURSDAY.isoformat()}",
            f"pending-reminder:{ticket.pk}:{again.isoformat()}",
        ]
    )


def test_answering_again_while_pending_after_the_reminder_restarts_from_scratch(
    time_machine, agent
):
    ticket = pending_ticket(time_machine, agent)
    run(sweeps.PendingReminder, time_machine, REMINDER)
    time_machine.move_to(REMINDER + DAY, tick=False)
    services.reply(ticket, actor=agent, body="One more idea.", set_pending=True)

    ticket.refresh_from_db()
    assert (ticket.reminder_sent_at, ticket.auto_resolve_at) == (None, None)
    assert ticket.remind_at == REMINDER + 4 * DAY
    assert run(sweeps.PendingAutoResolve, time_machine, AUTO_RESOLVE) == 0
    assert run(sweeps.PendingReminder, time_machine, REMINDER + 4 * DAY) == 1
    assert len(kinds(ticket, "pending_reminder")) == 2


def test_waiting_on_customer_goes_back_to_open_after_ten_days_without_email(time_machine, agent):
    ticket = moved(time_machine, agent, "wait_on_customer")

    assert run(sweeps.WaitingExpiry, time_machine, THURSDAY + 10 * DAY - MINUTE) == 0
    assert run(sweeps.WaitingExpiry, time_machine, THURSDAY + 10 * DAY) == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.wait_until) == (Status.OPEN, None)
    assert TransitionLog.objects.filter(ticket=ticket, transition="wait_expired").count() == 1
    assert kinds(ticket) == []  # no reminder, no email: staff pick it up


def test_a_hold_ends_with_a_status_change_that_says_why_on_the_timeline(time_machine, agent):
    ticket = moved(time_machine, agent, "hold", hold_days=2)

    assert run(sweeps.HoldExpiry, time_machine, THURSDAY + 2 * DAY - MINUTE) == 0
    assert run(sweeps.HoldExpiry, time_machine, THURSDAY + 2 * DAY) == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.hold_until) == (Status.OPEN, None)
    [*_, entry] = selectors.timeline_of(ticket)
    assert (entry.change.transition, entry.actor) == ("hold_expired", None)
    assert entry.change.comment == (
        "The hold ended on Sat 07 Mar 2026 10:00 UTC; the ticket is Open again."
    )
    assert not ticket.messages.exists()  # no note in the conversation (staff only either way)
    assert kinds(ticket) == []


def test_a_hold_ending_on_a_weekend_in_business_days_waits_for_monday(time_machine, agent):
    TimerPolicy.objects.filter(timer="hold_expiry").update(unit="business_days")
    ticket = moved(time_machine, agent, "hold", hold_days=2)  # calendar days would be Saturday
    monday = datetime(2026, 3, 9, 10, tzinfo=UTC)
    assert ticket.hold_until == monday

    assert run(sweeps.HoldExpiry, time_machine, THURSDAY + 2 * DAY) == 0  # Saturday
    assert run(sweeps.HoldExpiry, time_machine, monday - MINUTE) == 0
    assert Ticket.objects.get(pk=ticket.pk).status == Status.ON_HOLD
    assert run(sweeps.HoldExpiry, time_machine, monday) == 1
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_resolved_closes_after_three_days_and_tells_the_customer(time_machine, agent):
    ticket = moved(time_machine, agent, "resolve")

    assert run(sweeps.AutoClose, time_machine, THURSDAY + 3 * DAY - MINUTE) == 0
    assert run(sweeps.AutoClose, time_machine, THURSDAY + 3 * DAY) == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.closed_at) == (Status.CLOSED, THURSDAY + 3 * DAY)
    assert kinds(ticket) == ["csat_question", "ticket_closed"]  # the question: at Resolve


def test_the_whole_pending_road_ends_closed_with_five_emails(time_machine, agent):
    ticket = pending_ticket(time_machine, agent)
    for sweep, at in [
        (sweeps.PendingReminder, REMINDER),
        (sweeps.PendingAutoResolve, AUTO_RESOLVE),
        (sweeps.AutoClose, AUTO_RESOLVE + 3 * DAY),
    ]:
        assert run(sweep, time_machine, at) == 1
        sender.send_pending()

    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED
    assert [m.extra_headers["X-Helpdesk-Notification"] for m in mail.outbox] == [
        "public_reply",
        "pending_reminder",
        "csat_question",
        "auto_resolved",
        "ticket_closed",
    ]
    assert all(m.to == [ticket.requester.email] for m in mail.outbox)


@pytest.mark.parametrize(
    ("sweep", "make"),
    [
        (sweeps.PendingReminder, lambda c, a: pending_ticket(c, a)),
        (sweeps.PendingAutoResolve, lambda c, a: _reminded(c, a)),
        (sweeps.WaitingExpiry, lambda c, a: moved(c, a, "wait_on_customer")),
        (sweeps.HoldExpiry, lambda c, a: moved(c, a, "hold", hold_days=1)),
        (sweeps.AutoClose, lambda c, a: moved(c, a, "resolve")),
    ],
)
def test_running_a_sweep_twice_changes_nothing_the_second_time(time_machine, agent, sweep, make):
    for _ in range(3):
        make(time_machine, agent)
    later = THURSDAY + 30 * DAY

    assert run(sweep, time_machine, later) == 3
    first = snapshot()
    assert run(sweep, time_machine, later) == 0
    assert run(sweep, time_machine, later + DAY) == 0

    assert snapshot() == first


def _reminded(clock, agent):
    ticket = pending_ticket(clock, agent)
    clock.move_to(REMINDER, tick=False)
    services.send_pending_reminder(Ticket.objects.get(pk=ticket.pk), at=REMINDER)
    return ticket


def test_rows_whose_state_no_longer_matches_are_left_alone(time_machine):
    time_machine.move_to(THURSDAY, tick=False)
    past = THURSDAY - DAY
    # Due instants that should have been cleared: the state filter still protects them.
    stale = TicketFactory(status=Status.OPEN, remind_at=past, close_at=past, wait_until=past)

    for sweep in sweeps.SWEEPS:
        assert sweep().run().applied == 0

    assert Ticket.objects.get(pk=stale.pk).status == Status.OPEN
    assert not Message.objects.exists()


def test_batches_cover_every_due_row_once(time_machine):
    time_machine.move_to(THURSDAY, tick=False)
    tickets = TicketFactory.create_batch(
        25, resolved=True, resolved_at=THURSDAY - 4 * DAY, close_at=THURSDAY - DAY
    )

    result = sweeps.AutoClose().run(batch_size=10)

    assert (result.applied, result.batches) == (25, 3)
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.CLOSED}
    assert Notification.objects.filter(kind="ticket_closed").count() == len(tickets)


def test_a_sweep_whose_apply_leaves_the_row_due_still_ends():
    class Lazy(Sweep):
        name = "test.lazy"
        model = Ticket
        due_field = "close_at"
        states = (Status.RESOLVED,)
        seen: list[int] = []

        def apply(self, row, now):
            self.seen.append(row.pk)

    TicketFactory.create_batch(5, resolved=True, close_at=timezone.now())

    assert Lazy().run(batch_size=2).applied == 5
    assert len(Lazy.seen) == len(set(Lazy.seen)) == 5


def test_beat_runs_every_timer_and_the_sender_every_minute_from_the_database():
    from django_celery_beat.models import PeriodicTask

    from helpdesk.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscover the tasks
    ours = {
        "notifications.send_pending",
        "tickets.sweep_pending_reminders",
        "tickets.sweep_pending_auto_resolve",
        "tickets.sweep_waiting_expiry",
        "tickets.sweep_hold_expiry",
        "tickets.sweep_auto_close",
    }
    rows = PeriodicTask.objects.filter(task__in=ours, enabled=True).select_related("interval")
    assert {row.task for row in rows} == ours
    assert {(row.interval.every, row.interval.period) for row in rows} == {(1, "minutes")}
    assert ours <= set(app.tasks)
