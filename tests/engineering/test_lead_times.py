"""Seed 000 lead times: blue as a task nears its lead time, top → blue → oldest on the board,
and an unpicked task assigned by workload when its lead time is reached (decision 0029).

Monday 2 March 2026, 10:00 UTC; a normal task's lead time is 5 business days later (Monday
9 March 10:00) and its card turns blue 1 business day before (Friday 6 March 10:00).
"""

from datetime import UTC, datetime, timedelta

import pytest

from engineering import selectors as task_selectors
from engineering import services as task_services
from engineering.models import Task
from engineering.states import CardColour, KanbanState, Stage
from engineering.sweeps import LeadTimes
from escalation.models import AgentProfile
from helpdesk.notifications.models import InAppNotification
from tests.engineering.factories import task_in
from tests.factories import AgentFactory, TagFactory, TicketFactory
from tickets.models import Message, Tier
from tickets.states import Priority

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 3, 6, 10, 0, tzinfo=UTC)
NEXT_MONDAY = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _utc(settings):
    settings.TIME_ZONE = "UTC"
    settings.TASK_LEAD_TIME_BUSINESS_DAYS = {"top": 1, "high": 3, "normal": 5, "low": 10}
    settings.TASK_LEAD_TIME_NEAR_BUSINESS_DAYS = 1
    settings.TASK_DEVELOPER_TIERS = ["T3"]


def _new(agent, *, at=MONDAY, **fields) -> Task:
    ticket = fields.pop("ticket", None) or TicketFactory(priority=fields.pop("priority", "normal"))
    fields.setdefault("title", "Export VAT")
    return task_services.create_task(ticket, actor=agent, at=at, **fields)


def _snapshot(task):
    task.refresh_from_db()
    return {
        f: getattr(task, f)
        for f in (
            "card_colour",
            "lead_time_due",
            "lead_time_check_at",
            "lead_time_near_at",
            "assignee_id",
            "updated_at",
        )
    }


# --- the lead time a task gets --------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "due"),
    [
        (Priority.LOW, datetime(2026, 3, 16, 10, 0, tzinfo=UTC)),
        (Priority.NORMAL, NEXT_MONDAY),
        (Priority.HIGH, datetime(2026, 3, 5, 10, 0, tzinfo=UTC)),
    ],
)
def test_a_new_task_gets_its_lead_time_from_its_priority(agent, priority, due):
    task = _new(agent, priority=priority)
    assert task.lead_time_due == due
    assert task.card_colour == CardColour.REGULAR
    assert task.lead_time_near_at is None


def test_a_given_lead_time_wins_over_the_default(agent):
    task = _new(agent, lead_time_due=datetime(2026, 4, 1, 12, 0, tzinfo=UTC))
    assert task.lead_time_due == datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    assert task.lead_time_check_at == datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def test_a_lead_time_already_near_turns_the_card_blue_at_once(agent):
    task = _new(agent, lead_time_business_days=1)
    task.refresh_from_db()
    assert task.card_colour == CardColour.PRIORITY
    assert task.lead_time_near_at == MONDAY
    assert task.lead_time_check_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


# --- blue when near -----------------------------------------------------------------------------


def test_the_sweep_turns_the_card_blue_when_near_and_a_second_run_changes_nothing(agent):
    task = _new(agent)
    assert LeadTimes().run(now=FRIDAY - timedelta(minutes=1)).applied == 0
    assert LeadTimes().run(now=FRIDAY).applied == 1
    task.refresh_from_db()
    assert (task.card_colour, task.lead_time_near_at, task.lead_time_check_at) == (
        CardColour.PRIORITY,
        FRIDAY,
        NEXT_MONDAY,
    )
    before = _snapshot(task)
    assert LeadTimes().run(now=FRIDAY + timedelta(hours=1)).applied == 0
    assert _snapshot(task) == before


def test_a_purple_change_request_keeps_its_colour_and_is_marked_near(agent):
    task = _new(agent, tags=["Change Request"])
    LeadTimes().run(now=FRIDAY)
    task.refresh_from_db()
    assert task.card_colour == CardColour.CHANGE_REQUEST
    assert task.lead_time_near_at == FRIDAY


def test_a_later_lead_time_turns_the_swept_blue_back_to_yellow(agent):
    task = _new(agent)
    LeadTimes().run(now=FRIDAY)
    task_services.update_task(
        task, actor=agent, lead_time_due=datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    )
    task.refresh_from_db()
    assert (task.card_colour, task.lead_time_near_at) == (CardColour.REGULAR, None)
    assert task.lead_time_check_at == datetime(2027, 1, 1, 10, 0, tzinfo=UTC)


def test_a_task_in_uat_is_not_swept(agent):
    task = task_in(Stage.UAT)
    Task.objects.filter(pk=task.pk).update(lead_time_check_at=MONDAY, lead_time_due=MONDAY)
    assert LeadTimes().run(now=NEXT_MONDAY).applied == 0


# --- assigned by workload when the lead time is reached -------------------------------------------


@pytest.fixture
def developers():
    """T3's developers: ana holds 2 open tasks, ben 1 (and 3 done); carl is not in T3."""
    t3 = Tier.objects.get(code="T3")
    ana, ben = AgentFactory(username="ana"), AgentFactory(username="ben")
    AgentFactory(username="carl")
    t3.members.add(ana, ben)
    for _ in range(2):
        task_in(Stage.DEVELOPMENT, assignee=ana)
    task_in(Stage.REQUIREMENTS, assignee=ben)
    for _ in range(3):
        task_in(Stage.DONE, assignee=ben)
    return ana, ben


def test_an_unpicked_task_at_its_lead_time_goes_to_the_developer_with_fewest_open_tasks(
    agent, developers
):
    _ana, ben = developers
    task = _new(agent)
    LeadTimes().run(now=NEXT_MONDAY)
    task.refresh_from_db()
    assert task.assignee == ben
    assert task.lead_time_check_at is None
    note = Message.objects.filter(ticket=task.ticket).latest("id")
    assert note.body == (
        f"Task {task.pk} “Export VAT” reached its lead time (Mon 09 Mar 2026 10:00 UTC) unpicked: "
        "assigned to ben by workload (1 open task)."
    )
    alert = InAppNotification.objects.get(user=ben)
    assert alert.title == f"Task {task.pk} was assigned to you (lead time reached): Export VAT"
    before = (_snapshot(task), Message.objects.count(), InAppNotification.objects.count())
    assert LeadTimes().run(now=NEXT_MONDAY + timedelta(minutes=5)).applied == 0
    assert (_snapshot(task), Message.objects.count(), InAppNotification.objects.count()) == before


def test_a_sweep_that_slept_past_both_instants_turns_blue_and_assigns_in_one_run(agent, developers):
    task = _new(agent)
    assert LeadTimes().run(now=NEXT_MONDAY + timedelta(days=1)).applied == 1
    task.refresh_from_db()
    assert task.card_colour == CardColour.PRIORITY
    assert task.assignee == developers[1]


def test_a_picked_task_keeps_its_assignee_at_its_lead_time(agent, developers):
    task = _new(agent, assignee=agent)
    LeadTimes().run(now=NEXT_MONDAY)
    task.refresh_from_db()
    assert task.assignee == agent
    assert task.lead_time_check_at is None
    assert not InAppNotification.objects.exists()


def test_a_spanish_task_goes_to_the_least_busy_spanish_speaker(agent, developers):
    ana, _ben = developers
    AgentProfile.objects.create(user=ana, speaks_spanish=True)
    TagFactory(name="Spanish")
    task = _new(agent, tags=["Spanish"])
    LeadTimes().run(now=NEXT_MONDAY)
    task.refresh_from_db()
    assert task.assignee == ana


def test_with_no_eligible_developer_a_note_asks_a_lead_and_the_sweep_stops(agent):
    task = _new(agent)
    LeadTimes().run(now=NEXT_MONDAY)
    task.refresh_from_db()
    assert task.assignee is None
    assert task.lead_time_check_at is None
    assert (
        Message.objects.filter(ticket=task.ticket)
        .latest("id")
        .body.endswith("no eligible developer to assign it to. A lead should assign it.")
    )
    assert LeadTimes().run(now=NEXT_MONDAY + timedelta(hours=1)).applied == 0


# --- the board: top priority, then blue, then the oldest -----------------------------------------


def test_every_open_column_puts_top_priority_then_blue_then_the_oldest(agent):
    old_yellow = _new(agent, at=MONDAY - timedelta(days=7), lead_time_business_days=30)
    blue = _new(agent, at=MONDAY, lead_time_business_days=1)
    top = _new(agent, at=MONDAY + timedelta(hours=1), priority=Priority.TOP)
    columns = {c.stage: [t.pk for t in c.tasks] for c in task_selectors.board(agent, now=MONDAY)}
    assert columns[Stage.REQUIREMENTS] == [top.pk, blue.pk, old_yellow.pk]

    ready = {"kanban_state": KanbanState.READY, "billing_reference": "SO-1", "subscription": "P"}
    for task in (old_yellow, blue, top):
        Task.objects.filter(pk=task.pk).update(
            **ready, estimate_hours=1, estimate_approved_at=MONDAY
        )
        task_services.transition_task(task, actor=agent, name="start_development")
    columns = {c.stage: [t.pk for t in c.tasks] for c in task_selectors.board(agent)}
    assert columns[Stage.DEVELOPMENT] == [top.pk, blue.pk, old_yellow.pk]
    queue = task_selectors.queue_order(Task.objects.filter(stage=Stage.DEVELOPMENT))
    assert [t.pk for t in queue] == [top.pk, blue.pk, old_yellow.pk]


# --- seed 001: the developer specialised in that app ----------------------------------------------


def test_a_specialist_in_the_tasks_app_is_preferred_over_a_less_busy_developer(agent, developers):
    ana, _ben = developers
    AgentProfile.objects.create(user=ana, topics="Invoicing, Stripe")
    task = _new(agent, title="Invoicing: add the VAT column")
    LeadTimes().run(now=NEXT_MONDAY)
    task.refresh_from_db()
    assert task.assignee == ana
    assert (
        Message.objects.filter(ticket=task.ticket)
        .latest("id")
        .body.endswith("assigned to ana by workload (2 open tasks), specialised in Invoicing.")
    )


def test_the_task_page_suggests_the_specialist_first(client, agent, developers):
    ana, _ben = developers
    AgentProfile.objects.create(user=ana, topics="stripe")
    task = _new(agent, title="Retry the Stripe webhook")
    client.force_login(agent)
    page = client.get(f"/desk/tasks/{task.pk}/").content.decode()
    assert "Suggested developers: ana (specialised in stripe; 2 open tasks), ben (1 open task)" in (
        page
    )


def test_saving_the_form_unchanged_keeps_the_lead_time_and_its_blue(agent):
    task = _new(agent)
    LeadTimes().run(now=FRIDAY)
    task.refresh_from_db()
    before = _snapshot(task)
    task_services.update_task(
        task, actor=agent, lead_time_due=task.lead_time_due.replace(second=0, microsecond=0)
    )
    after = _snapshot(task)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
