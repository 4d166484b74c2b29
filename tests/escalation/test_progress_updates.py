"""Seed 004-04: the assignee of an Open ticket whose customer has heard nothing for the tier's
progress-update period is reminded to write where it stands, once a period."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from escalation import services, sweeps
from escalation.models import ProgressReminder, TierRules
from helpdesk.notifications.models import InAppNotification, Notification, StaffEvent
from tickets import services as tickets
from tickets.models import Message, Ticket


def at(day: int, hour: int) -> datetime:
    """``day`` of December 2026 (Monday 7 is a Monday) at ``hour``, local time."""
    return datetime.combine(date(2026, 12, day), time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def silent(staff, in_tier):
    """A T2 ticket (period: 2 business days) opened Thursday 3 December at 09:00, assigned to
    ``t2``, with no public reply yet."""
    ticket = in_tier("T2")
    tickets.assign(ticket, actor=staff["lead"], assignee=staff["T2"])
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at(3, 9))
    Message.objects.filter(ticket=ticket).update(created_at=at(3, 9))
    return ticket


def reminders(user):
    return list(
        InAppNotification.objects.filter(
            user=user, title__contains="no update to the customer"
        ).values_list("ticket_number", flat=True)
    )


def test_the_migration_sets_each_tiers_period_and_the_periodic_task(db):
    days = dict(
        TierRules.objects.filter(progress_update_business_days__isnull=False).values_list(
            "tier__code", "progress_update_business_days"
        )
    )
    assert days == {"T1": 1, "T2": 2, "T3": 2, "T4": 3, "T5": 5}
    task = PeriodicTask.objects.get(task="escalation.remind_progress_updates")
    assert task.enabled
    assert task.interval.every == 60


def test_the_assignee_is_reminded_once_after_the_tiers_business_days(staff, silent):
    # Thursday 09:00 + 2 business days = Monday 09:00 (the weekend does not count).
    assert services.remind_progress_updates(at(7, 8)) == 0
    assert services.remind_progress_updates(at(7, 11)) == 1
    reminder = ProgressReminder.objects.get()
    assert (reminder.ticket_id, reminder.agent, reminder.silent_since) == (
        silent.pk,
        staff["T2"],
        at(3, 9),
    )
    assert reminders(staff["T2"]) == [silent.pk]
    note = InAppNotification.objects.get(
        user=staff["T2"], ticket_number=silent.pk, title__contains="no update"
    )
    assert note.event == StaffEvent.ASSIGNED
    assert "time spent" in note.title
    # Again at once, and later that day: nothing more.
    assert services.remind_progress_updates(at(7, 11)) == 0
    assert sweeps.run_progress_reminders(at(7, 17)) == 0
    assert ProgressReminder.objects.count() == 1
    assert reminders(staff["T2"]) == [silent.pk]


def test_still_silent_a_period_later_reminds_again(staff, silent):
    assert services.remind_progress_updates(at(7, 11)) == 1
    assert services.remind_progress_updates(at(9, 10)) == 0  # Monday 11:00 + 2 is Wednesday 11:00
    assert services.remind_progress_updates(at(9, 11)) == 1
    assert ProgressReminder.objects.count() == 2


def test_the_customer_hears_nothing_automatic(staff, silent):
    before = Notification.objects.filter(recipient=staff["customer"].email).count()
    services.remind_progress_updates(at(7, 11))
    assert Notification.objects.filter(recipient=staff["customer"].email).count() == before
    assert not Message.objects.filter(ticket=silent, kind="public_reply").exists()


def test_a_public_reply_restarts_the_count(staff, silent):
    tickets.reply(silent, actor=staff["T2"], body="Found the cause; fixing it now.")
    Message.objects.filter(ticket=silent, kind="public_reply").update(created_at=at(7, 10))
    assert services.remind_progress_updates(at(7, 11)) == 0
    assert services.remind_progress_updates(at(9, 11)) == 1
    assert ProgressReminder.objects.get().silent_since == at(7, 10)


def test_an_internal_note_is_not_an_update_to_the_customer(staff, silent):
    tickets.add_internal_note(silent, actor=staff["T2"], body="Still digging.")
    Message.objects.filter(ticket=silent, kind="internal_note").update(created_at=at(7, 10))
    assert services.remind_progress_updates(at(7, 11)) == 1


@pytest.mark.parametrize("status", ["pending", "waiting_on_customer", "on_hold", "resolved"])
def test_tickets_not_open_are_skipped(staff, silent, status):
    Ticket.objects.filter(pk=silent.pk).update(status=status)
    assert services.remind_progress_updates(at(9, 11)) == 0
    assert ProgressReminder.objects.count() == 0


def test_a_tier_without_a_period_is_skipped(staff, silent, tier):
    TierRules.objects.filter(tier=tier("T2")).update(progress_update_business_days=None)
    assert services.remind_progress_updates(at(9, 11)) == 0


def test_triage_has_no_period(staff, submit):
    ticket = submit()
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at(1, 9), assignee=staff["TRIAGE"])
    assert services.remind_progress_updates(at(9, 11)) == 0


def test_the_period_is_the_tiers(staff, silent, tier):
    TierRules.objects.filter(tier=tier("T2")).update(progress_update_business_days=4)
    assert services.remind_progress_updates(at(8, 11)) == 0  # Thursday + 4 is Wednesday 09:00
    assert services.remind_progress_updates(at(9, 11)) == 1


def test_unassigned_tickets_remind_the_tiers_lead_or_nobody(staff, silent, tier):
    Ticket.objects.filter(pk=silent.pk).update(assignee=None)
    assert services.remind_progress_updates(at(7, 11)) == 0  # T2 has no lead: nobody to tell
    assert ProgressReminder.objects.count() == 0
    tier("T2").__class__.objects.filter(code="T2").update(lead=staff["lead"])
    assert services.remind_progress_updates(at(7, 11)) == 1
    assert reminders(staff["lead"]) == [silent.pk]
