"""The task board and task pages on the desk."""

import pytest
from django.test import Client

from engineering.models import Task
from engineering.states import CardColour, KanbanState, Stage
from tests.engineering.factories import ready_task, task_in
from tests.factories import TagFactory, TicketFactory
from timesheets import services as timesheets

pytestmark = pytest.mark.django_db


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("rows", [5, 50])
def test_the_board_costs_the_same_queries_for_5_and_50_tasks(lead, django_assert_num_queries, rows):
    tag = TagFactory(name="PS Support")
    tasks = []
    for index in range(rows):
        task = task_in([Stage.REQUIREMENTS, Stage.DEVELOPMENT, Stage.DONE][index % 3])
        task.tags.add(tag)
        tasks.append(task)
    client = _desk(lead)
    client.get("/desk/tasks/")
    # session, user, groups, agents for the filter, tasks, their tags, the bell's unread count
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(8):
        response = client.get("/desk/tasks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Notifications: 0 unread"' in html  # the bell (its one COUNT query)
    assert html.count('class="kanban-card"') == rows
    for task in tasks:
        assert f'id="task-{task.pk}" data-task="{task.pk}" data-stage="{task.stage}"' in html
        assert f'href="/desk/tasks/{task.pk}/">{task.title}</a>' in html
    assert html.count('<span class="tag is-small kanban-tag">PS Support</span>') == rows


def test_cards_carry_colour_state_and_moves(agent):
    task = ready_task(
        card_colour=CardColour.CHANGE_REQUEST,
        kanban_state=KanbanState.BLOCKED,
        blocked_reason="No staging access",
    )
    html = _desk(agent).get("/desk/tasks/").content.decode()
    assert f'id="task-{task.pk}" data-task="{task.pk}" data-stage="requirements"' in html
    assert 'data-colour="change_request"' in html
    assert 'class="kanban-dot" data-state="blocked"' in html
    assert "Blocked: No staging access" in html
    assert "Start development ▶" in html


def test_board_filters_by_assignee_and_tag(agent, lead):
    mine = ready_task(assignee=agent, title="Mine")
    mine.tags.add(TagFactory(name="Spanish"))
    ready_task(assignee=lead, title="Theirs")
    client = _desk(agent)
    html = client.get("/desk/tasks/?assignee=me").content.decode()
    assert "Mine" in html
    assert "Theirs" not in html
    html = client.get("/desk/tasks/?tag=Spanish").content.decode()
    assert "Mine" in html
    assert "Theirs" not in html


def test_a_refused_move_from_the_board_says_why_and_changes_nothing(agent):
    task = ready_task(billing_reference="")
    response = _desk(agent).post(
        f"/desk/tasks/{task.pk}/transition/",
        {
            "transition": "start_development",
            "expected_stage": "requirements",
            "next": "/desk/tasks/",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/desk/tasks/"
    assert "set the billing reference / sale order line first" in response.content.decode()
    task.refresh_from_db()
    assert task.stage == Stage.REQUIREMENTS


def test_moving_out_of_development_without_time_flashes_the_warning(agent, minutes):
    task = task_in(Stage.DEVELOPMENT)
    minutes(0)
    response = _desk(agent).post(
        f"/desk/tasks/{task.pk}/transition/", {"transition": "finish"}, follow=True
    )
    html = response.content.decode()
    assert f"Task {task.pk} is now in Done." in html
    assert "No time was logged in Development." in html
    # The warning sits in a warning box of its own, never in the green success box.
    assert (
        'class="notification is-warning is-light" role="status">No time was logged in Development.'
        in html
    )


def test_create_a_task_from_the_ticket(agent):
    ticket = TicketFactory()
    client = _desk(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert f"/desk/tasks/new/?ticket={ticket.pk}" in page
    response = client.post(
        f"/desk/tasks/new/?ticket={ticket.pk}",
        {"title": "Add the VAT column", "priority": "normal", "card_colour": ""},
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert (task.ticket, task.stage, task.card_colour) == (
        ticket,
        Stage.REQUIREMENTS,
        CardColour.REGULAR,
    )


def test_edit_saves_billing_and_refuses_blocked_without_reason(agent):
    task = ready_task(billing_reference="", subscription="")
    client = _desk(agent)
    data = {
        "title": task.title,
        "priority": "normal",
        "card_colour": "regular",
        "kanban_state": "blocked",
        "blocked_reason": "",
        "billing_reference": "SO-7/1",
        "subscription": "PACK-1",
        "estimate_hours": "4",
    }
    response = client.post(f"/desk/tasks/{task.pk}/", data)
    assert response.status_code == 400
    assert "A blocked task needs a reason." in response.content.decode()
    task.refresh_from_db()
    assert task.billing_reference == ""
    response = client.post(f"/desk/tasks/{task.pk}/", {**data, "kanban_state": "ready"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.billing_reference, task.kanban_state) == ("SO-7/1", KanbanState.READY)
    assert task.estimate_approved_at is not None  # the same estimate keeps its approval


def test_the_task_page_has_the_timer_and_the_time_logged_on_the_task(agent):
    task = ready_task()
    timesheets.log_time(actor=agent, task=task, minutes=45, activity="research")
    html = _desk(agent).get(f"/desk/tasks/{task.pk}/").content.decode()
    assert "Start timer" in html
    assert "45 min" in html
