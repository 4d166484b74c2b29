"""Time entries, the timer, support-pack draw-down and its notifications."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from engineering import hooks as task_hooks
from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    OrganizationFactory,
    TaskFactory,
    TicketFactory,
)
from timesheets import selectors, services
from timesheets.models import RunningTimer, TimeEntry
from timesheets.states import Activity

from .factories import SupportPackFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory(name="Acme", slug="acme")


@pytest.fixture
def ticket(org):
    return TicketFactory(requester=CustomerFactory(customer_profile__organization=org))


# --- entries ---------------------------------------------------------------------------------


def test_an_agent_logs_billable_time_on_a_ticket(agent, ticket):
    entry = services.log_time(actor=agent, ticket=ticket, minutes=45, activity=Activity.RESEARCH)

    entry.refresh_from_db()
    assert (entry.agent, entry.ticket, entry.minutes, entry.billable) == (agent, ticket, 45, True)
    assert entry.date == timezone.localdate()
    assert entry.support_pack is None  # the organization has no pack


def test_time_on_a_task_names_the_task_s_ticket(agent):
    task = TaskFactory()

    entry = services.log_time(actor=agent, task=task, minutes=20, activity=Activity.SAMPLE_CODE)

    assert (entry.ticket_id, entry.task_id) == (task.ticket_id, task.pk)
    assert task_hooks.minutes_logged(task) == 20


def test_self_learning_is_never_billable_and_needs_no_ticket(agent):
    entry = services.log_time(actor=agent, minutes=60, activity=Activity.SELF_LEARNING)

    assert (entry.ticket, entry.billable) == (None, False)


def test_self_learning_marked_billable_is_refused(agent, ticket):
    with pytest.raises(ValidationFailed) as error:
        services.log_time(
            actor=agent, ticket=ticket, minutes=60, activity="self_learning", billable=True
        )

    assert error.value.details["fields"]["billable"]
    assert TimeEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minutes": 0, "activity": "research"}, "minutes"),
        ({"minutes": 1441, "activity": "research"}, "minutes"),
        ({"minutes": 10, "activity": "golf"}, "activity"),
        ({"minutes": 10, "activity": "research", "ticket": None}, "ticket"),
        ({"minutes": 10, "activity": "research", "date": "tomorrow"}, "date"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(agent, ticket, fields, field):
    fields = {"ticket": ticket, **fields}
    if fields.get("date") == "tomorrow":
        fields["date"] = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationFailed) as error:
        services.log_time(actor=agent, **fields)

    assert list(error.value.details["fields"]) == [field]
    assert TimeEntry.objects.count() == 0


def test_a_task_of_another_ticket_is_refused(agent, ticket):
    with pytest.raises(ValidationFailed):
        services.log_time(
            actor=agent, ticket=ticket, task=TaskFactory(), minutes=5, activity="research"
        )
    assert TimeEntry.objects.count() == 0


def test_customers_cannot_log_time(ticket):
    with pytest.raises(PermissionDenied):
        services.log_time(actor=ticket.requester, ticket=ticket, minutes=5, activity="research")
    assert TimeEntry.objects.count() == 0


def test_an_agent_cannot_log_for_someone_else_but_a_lead_can(agent, lead, ticket):
    other = AgentFactory()
    with pytest.raises(PermissionDenied):
        services.log_time(actor=agent, agent=other, ticket=ticket, minutes=5, activity="email")

    entry = services.log_time(actor=lead, agent=other, ticket=ticket, minutes=5, activity="email")

    assert entry.agent == other
    assert TimeEntry.objects.count() == 1


def test_agents_edit_only_their_own_entries_leads_edit_all(agent, lead, ticket):
    mine = services.log_time(actor=agent, ticket=ticket, minutes=10, activity="email")
    theirs = services.log_time(actor=AgentFactory(), ticket=ticket, minutes=10, activity="email")

    services.update_entry(mine, actor=agent, minutes=15, note="Longer")
    with pytest.raises(PermissionDenied):
        services.update_entry(theirs, actor=agent, minutes=99)
    with pytest.raises(PermissionDenied):
        services.delete_entry(theirs, actor=agent)
    services.update_entry(theirs, actor=lead, minutes=25)

    assert TimeEntry.objects.get(pk=mine.pk).minutes == 15
    assert TimeEntry.objects.get(pk=mine.pk).note == "Longer"
    assert TimeEntry.objects.get(pk=theirs.pk).minutes == 25
    services.delete_entry(theirs, actor=lead)
    assert list(TimeEntry.objects.values_list("pk", flat=True)) == [mine.pk]


def test_switching_an_entry_to_self_learning_makes_it_non_billable(agent, ticket):
    entry = services.log_time(actor=agent, ticket=ticket, minutes=10, activity="research")

    services.update_entry(entry, actor=agent, activity=Activity.SELF_LEARNING)

    entry.refresh_from_db()
    assert (entry.activity, entry.billable) == ("self_learning", False)


# --- support packs ---------------------------------------------------------------------------


def test_billable_time_draws_down_the_pack_valid_on_its_date(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("10"))

    billable = services.log_time(actor=agent, ticket=ticket, minutes=90, activity="call")
    free = services.log_time(
        actor=agent, ticket=ticket, minutes=30, activity="research", billable=False
    )

    assert billable.support_pack == pack
    assert free.support_pack is None
    (usage,) = selectors.current_packs(org.pk)
    assert (usage.used_minutes, usage.left_minutes, usage.percent) == (90, 510, 15)


def test_the_pack_expiring_first_with_hours_left_is_drawn_first(agent, org, ticket):
    today = timezone.localdate()
    later = SupportPackFactory(organization=org, valid_until=today + timedelta(days=300))
    sooner = SupportPackFactory(organization=org, valid_until=today + timedelta(days=10))
    expired = SupportPackFactory(
        organization=org,
        valid_from=today - timedelta(days=100),
        valid_until=today - timedelta(days=1),
    )

    first = services.log_time(actor=agent, ticket=ticket, minutes=600, activity="call")
    second = services.log_time(actor=agent, ticket=ticket, minutes=60, activity="call")

    assert first.support_pack == sooner
    assert second.support_pack == later
    assert expired.time_entries.count() == 0


def test_when_every_pack_is_used_up_the_entry_still_records_and_overdraws(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("1"))
    services.log_time(actor=agent, ticket=ticket, minutes=60, activity="call")

    entry = services.log_time(actor=agent, ticket=ticket, minutes=30, activity="call")

    assert entry.support_pack == pack
    (usage,) = selectors.current_packs(org.pk)
    assert (usage.used_minutes, usage.overdrawn, usage.percent) == (90, True, 150)


def test_crossing_80_percent_tells_the_consultant_exactly_once(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("10"))

    services.log_time(actor=agent, ticket=ticket, minutes=470, activity="research")  # 78%
    assert Notification.objects.count() == 0
    services.log_time(actor=agent, ticket=ticket, minutes=20, activity="research")  # 81.7%
    services.log_time(actor=agent, ticket=ticket, minutes=20, activity="research")  # 85%

    note = Notification.objects.get()
    assert note.dedupe_key == f"pack-80:{pack.pk}"
    assert note.recipient == pack.consultant.email
    assert note.kind == "support_pack_warning"
    assert "is 80% used" in note.subject
    assert "8 h 30 min of 10.00 h used (85%)" not in note.body_text  # rendered at crossing time
    assert "8 h 10 min of 10.00 h used (81%)" in note.body_text


def test_crossing_100_percent_sends_the_used_up_mail_once(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("1"))
    services.log_time(actor=agent, ticket=ticket, minutes=50, activity="research")

    services.log_time(actor=agent, ticket=ticket, minutes=15, activity="research")
    services.log_time(actor=agent, ticket=ticket, minutes=15, activity="research")

    keys = sorted(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys == [f"pack-100:{pack.pk}", f"pack-80:{pack.pk}"]
    used_up = Notification.objects.get(dedupe_key=f"pack-100:{pack.pk}")
    assert "is used up" in used_up.subject
    assert "overdrawn by 5 min" in used_up.body_text


def test_jumping_past_both_lines_at_once_sends_only_the_used_up_mail(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("1"))

    services.log_time(actor=agent, ticket=ticket, minutes=70, activity="research")

    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [
        f"pack-100:{pack.pk}"
    ]


def test_editing_an_entry_up_crosses_the_line_once(agent, org, ticket):
    pack = SupportPackFactory(organization=org, hours=Decimal("1"))
    entry = services.log_time(actor=agent, ticket=ticket, minutes=30, activity="research")

    services.update_entry(entry, actor=agent, minutes=50)  # 30 → 50 of 60: 83%
    services.update_entry(entry, actor=agent, minutes=52)

    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [f"pack-80:{pack.pk}"]
    entry.refresh_from_db()
    assert entry.support_pack == pack


def test_without_a_consultant_the_organization_s_managers_are_told(agent, org, ticket):
    manager = CustomerFactory(customer_profile__organization=org, customer_profile__is_manager=True)
    pack = SupportPackFactory(organization=org, hours=Decimal("1"), consultant=None)

    services.log_time(actor=agent, ticket=ticket, minutes=50, activity="research")

    note = Notification.objects.get()
    assert (note.recipient, note.dedupe_key) == (
        manager.email,
        f"pack-80:{pack.pk}:manager:{manager.pk}",
    )


def test_without_consultant_or_manager_a_warning_is_logged(agent, org, ticket, caplog):
    SupportPackFactory(organization=org, hours=Decimal("1"), consultant=None)

    entry = services.log_time(actor=agent, ticket=ticket, minutes=50, activity="research")

    assert entry.pk is not None
    assert Notification.objects.count() == 0
    assert "nobody is told it is running out" in caplog.text


# --- the timer -------------------------------------------------------------------------------


def test_stopping_the_timer_logs_the_time_rounded_up_to_the_minute(agent, ticket):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        services.start_timer(actor=agent, ticket=ticket, activity=Activity.RESEARCH)
    with time_machine.travel(start + timedelta(minutes=12, seconds=1), tick=False):
        entry = services.stop_timer(actor=agent)

    assert (entry.minutes, entry.activity, entry.ticket, entry.billable) == (
        13,
        "research",
        ticket,
        True,
    )
    assert not RunningTimer.objects.exists()


def test_a_timer_stopped_at_once_logs_one_minute(agent, ticket):
    services.start_timer(actor=agent, ticket=ticket, activity="email")

    entry = services.stop_timer(actor=agent)

    assert entry.minutes == 1


def test_starting_a_second_timer_stops_and_logs_the_first(agent, ticket):
    other = TaskFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.start_timer(actor=agent, ticket=ticket, activity="research")
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        outcome = services.start_timer(actor=agent, task=other, activity="sample_code")

    assert (outcome.logged.ticket, outcome.logged.minutes) == (ticket, 5)
    timer = RunningTimer.objects.get(agent=agent)
    assert (timer.task, timer.ticket, timer.activity) == (other, other.ticket, "sample_code")


def test_starting_the_same_timer_again_changes_nothing(agent, ticket):
    first = services.start_timer(actor=agent, ticket=ticket, activity="research")

    again = services.start_timer(actor=agent, ticket=ticket, activity="research")

    assert again.timer.pk == first.timer.pk
    assert again.logged is None
    assert TimeEntry.objects.count() == 0


def test_stopping_a_timer_that_does_not_run_is_a_conflict(agent):
    with pytest.raises(Conflict):
        services.stop_timer(actor=agent)
    assert TimeEntry.objects.count() == 0


def test_a_discarded_timer_logs_nothing(agent, ticket):
    services.start_timer(actor=agent, ticket=ticket, activity="research")

    services.discard_timer(actor=agent)

    assert not RunningTimer.objects.exists()
    assert TimeEntry.objects.count() == 0


def test_a_timer_left_running_for_days_is_capped_at_24_hours(agent, ticket):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.start_timer(actor=agent, ticket=ticket, activity="research")
    with time_machine.travel(start + timedelta(days=2), tick=False):
        entry = services.stop_timer(actor=agent)

    assert entry.minutes == 1440
    assert "capped at 24 h" in entry.note


def test_timer_time_draws_the_pack_too(agent, org, ticket):
    pack = SupportPackFactory(organization=org)
    services.start_timer(actor=agent, ticket=ticket, activity="call")

    entry = services.stop_timer(actor=agent)

    assert entry.support_pack == pack


# --- totals ----------------------------------------------------------------------------------


def test_ticket_totals_include_task_time_and_the_customer_sees_no_self_learning(agent):
    task = TaskFactory()
    ticket = task.ticket
    TimeEntryFactory(ticket=ticket, minutes=30)
    TimeEntryFactory(ticket=ticket, task=task, minutes=45)
    TimeEntryFactory(ticket=ticket, minutes=20, billable=False, activity="meeting")
    TimeEntryFactory(ticket=ticket, minutes=60, billable=False, activity="self_learning")
    TimeEntryFactory(minutes=999)  # another ticket

    assert selectors.ticket_totals(ticket) == {"total": 155, "billable": 75, "entries": 4}
    assert selectors.customer_ticket_totals(ticket) == {
        "total": 95,
        "billable": 75,
        "entries": 3,
    }
