"""The end of seed 001's task flow: solution testing before UAT, the organization's UAT window,
Move to production (MTP) with the lead's release and the customer's notice."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from engineering import selectors as task_selectors
from engineering import services as task_services
from engineering.models import SolutionCheck, TaskTransitionLog
from engineering.selectors import PM_CHECK, WORKFLOWS_AS_ONE, workflow_items
from engineering.services import TransitionNotAllowed
from engineering.states import CanceledBy, Stage
from engineering.sweeps import UatAutoDone
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from tests.engineering.factories import task_in, tick_checklist
from tests.factories import AgentFactory
from tickets.models import OrganizationProfile

pytestmark = pytest.mark.django_db

WORKFLOWS = (
    "Before any release:\n\n- Place an order and pay by card\n* [ ] Import tomorrow's rates\n"
)


def _profile(task, **fields) -> OrganizationProfile:
    profile, _ = OrganizationProfile.objects.update_or_create(
        organization=task.ticket.organization, defaults=fields
    )
    return profile


def _send(task, actor, comment="Try the export."):
    return task_services.transition_task(task, actor=actor, name="send_to_uat", comment=comment)


def _mtp_task(lead=None, **profile):
    """A task of an organization that uses MTP, answered OK by the customer: in MTP."""
    task = task_in(Stage.DEVELOPMENT)
    _profile(task, uses_mtp=True, **profile)
    task = tick_checklist(task)
    task = _send(task, AgentFactory()).task
    task_services.answer_uat(task, actor=task.ticket.requester, ok=True)
    task.refresh_from_db()
    return task


# --- solution testing before UAT (001-16) -----------------------------------------------------


def test_known_workflows_become_checklist_items_one_per_list_line():
    items = workflow_items("Intro\n- Pay by card\n  1. Refund\n* [x] Pay by card\n+ Ship it\n")
    assert [label for _, label in items] == ["Pay by card", "Refund", "Ship it"]
    assert len({key for key, _ in items}) == 3
    assert all(key.startswith("workflow:") for key, _ in items)
    assert workflow_items("Check the checkout.") == [
        (workflow_items("- " + WORKFLOWS_AS_ONE)[0][0], WORKFLOWS_AS_ONE)
    ]
    assert workflow_items("   ") == []


def test_sending_to_uat_before_the_pm_tested_is_refused_and_changes_nothing(agent):
    task = task_in(Stage.DEVELOPMENT)
    with pytest.raises(TransitionNotAllowed) as error:
        _send(task, agent)
    assert error.value.message == (
        f"Task {task.pk} “{task.title}” cannot go to UAT before the solution is tested: tick "
        "“PM tested the solution against what was agreed with the customer” on the task's "
        "solution-testing checklist first."
    )
    assert error.value.status == 409
    task.refresh_from_db()
    assert (task.stage, task.uat_done_at, task.uat_question) == (Stage.DEVELOPMENT, None, "")
    assert not TaskTransitionLog.objects.filter(task=task, transition="send_to_uat").exists()
    assert not Notification.objects.filter(kind="task_uat_requested").exists()


def test_each_unchecked_known_workflow_is_named_and_only_a_lead_ticks_it(agent, lead):
    task = task_in(Stage.DEVELOPMENT)
    _profile(task, known_workflows=WORKFLOWS)
    items = task_selectors.checklist(task)
    assert [(i.label, i.kind) for i in items] == [
        ("PM tested the solution against what was agreed with the customer", "pm"),
        ("Place an order and pay by card", "workflow"),
        ("Import tomorrow's rates", "workflow"),
    ]
    task_services.check_item(task, actor=agent, item=PM_CHECK)
    with pytest.raises(PermissionDenied) as denied:
        task_services.check_item(task, actor=agent, item=items[1].key)
    assert "ask a lead to tick “Place an order and pay by card”" in denied.value.message
    task_services.check_item(task, actor=lead, item=items[1].key)
    with pytest.raises(TransitionNotAllowed) as error:
        _send(task, agent)
    assert "tick “Import tomorrow's rates” on" in error.value.message
    assert "Place an order" not in error.value.message
    task_services.check_item(task, actor=lead, item=items[2].key)
    assert _send(task, agent).task.stage == Stage.UAT


def test_a_tick_is_recorded_once_with_who_and_when_and_can_be_taken_back(agent):
    task = task_in(Stage.DEVELOPMENT)
    task_services.check_item(task, actor=agent, item=PM_CHECK)
    task_services.check_item(task, actor=agent, item=PM_CHECK)
    (item,) = task_selectors.checklist(task)
    assert (item.checked, item.checked_by) == (True, "tina")
    assert SolutionCheck.objects.filter(task=task).count() == 1
    task_services.check_item(task, actor=agent, item=PM_CHECK, checked=False)
    assert not task_selectors.checklist(task)[0].checked
    with pytest.raises(TransitionNotAllowed):
        _send(task, agent)


def test_work_sent_back_from_uat_is_tested_again(agent):
    task = task_in(Stage.UAT)
    task_services.answer_uat(task, actor=task.ticket.requester, ok=False, comment="Still off")
    task.refresh_from_db()
    assert [i.checked for i in task_selectors.checklist(task)] == [False]
    with pytest.raises(TransitionNotAllowed):
        _send(task, agent)


def test_ticking_outside_development_or_an_unknown_item_is_refused(agent):
    task = task_in(Stage.REQUIREMENTS)
    with pytest.raises(TransitionNotAllowed) as error:
        task_services.check_item(task, actor=agent, item=PM_CHECK)
    assert "the solution-testing checklist is ticked in Development" in error.value.message
    task = task_in(Stage.DEVELOPMENT)
    with pytest.raises(ValidationFailed):
        task_services.check_item(task, actor=agent, item="workflow:nope")
    with pytest.raises(PermissionDenied):
        task_services.check_item(task, actor=task.ticket.requester, item=PM_CHECK)
    assert not SolutionCheck.objects.exists()


def test_the_task_page_shows_the_checklist_and_ticks_it(agent):
    task = task_in(Stage.DEVELOPMENT)
    client = Client()
    client.force_login(agent)
    html = client.get(f"/desk/tasks/{task.pk}/").content.decode()
    assert "Solution testing before UAT" in html
    assert "To do: </span>PM tested the solution" in html
    response = client.post(f"/desk/tasks/{task.pk}/check/", {"item": PM_CHECK, "checked": "1"})
    assert response.status_code == 302
    assert response.url.endswith("#solution-testing")
    html = client.get(f"/desk/tasks/{task.pk}/").content.decode()
    assert "Done: </span>PM tested the solution" in html


# --- the UAT window per organization (001-15) -------------------------------------------------


@pytest.mark.parametrize(("business", "due_weekday", "days_later"), [(True, 1, 5), (False, 6, 3)])
def test_the_organization_sets_its_own_uat_window(
    settings, agent, business, due_weekday, days_later
):
    """Sent to UAT on a Thursday with the organization's 3-day window; the default is a week."""
    settings.TASK_UAT_AUTO_DONE_DAYS = 7
    settings.TASK_UAT_AUTO_DONE_BUSINESS_DAYS = False
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    _profile(task, uat_window_days=3, uat_window_business_days=business)
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    with time_machine.travel(thursday, tick=False):
        task = _send(task, agent).task
    due = timezone.localtime(task.uat_done_at)
    assert due.weekday() == due_weekday
    assert due.date() == timezone.localdate(thursday) + timedelta(days=days_later)


def test_without_a_window_of_its_own_the_helpdesk_default_applies(settings, agent):
    settings.TASK_UAT_AUTO_DONE_DAYS = 7
    settings.TASK_UAT_AUTO_DONE_BUSINESS_DAYS = False
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    _profile(task, uat_window_days=None, uat_window_business_days=True)
    task = _send(task, agent).task
    assert task.uat_done_at == task.uat_since + timedelta(days=7)


def test_the_sweep_uses_the_due_instant_stored_on_entering_uat(agent):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    _profile(task, uat_window_days=2)
    task = _send(task, agent).task
    due = task.uat_done_at
    assert due == task.uat_since + timedelta(days=2)
    _profile(task, uat_window_days=30)  # a later change of the window does not move it
    assert UatAutoDone().run(now=due - timedelta(seconds=1)).applied == 0
    assert UatAutoDone().run(now=due).applied == 1
    task.refresh_from_db()
    assert task.stage == Stage.DONE


# --- Move to production (001-17, 001-19) ------------------------------------------------------


def test_with_mtp_the_customers_ok_moves_the_task_to_mtp_not_done():
    task = _mtp_task()
    assert (task.stage, task.release_via_mtp) == (Stage.MTP, True)
    log = task.transitions.latest("id")
    assert (log.transition, log.actor) == ("accept_uat_to_mtp", task.ticket.requester)
    assert not Notification.objects.filter(kind="task_released").exists()
    html = _client(task.ticket.requester).get(f"/portal/tickets/{task.ticket_id}/").content
    assert b"Approved \xe2\x80\x94 waiting for its release to production." in html


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lead_releases_it_and_the_customer_is_told_once(lead):
    task = _mtp_task()
    outcome = task_services.transition_task(
        task, actor=lead, name="release", comment="Merged in 4.2.7, upgrade ran."
    )
    task = outcome.task
    assert task.stage == Stage.DONE
    mail = Notification.objects.get(kind="task_released")
    assert mail.recipient == task.ticket.requester.email
    assert mail.subject == f"[#{task.ticket_id}] Released to production: {task.title}"
    assert "We have released it to your production environment: it is live now." in mail.body_text
    assert "Merged in 4.2.7" not in mail.body_text + mail.body_html  # the lead's note is internal
    assert mail.dedupe_key == f"task-released:{task.pk}:{task.stage_changed_at.isoformat()}"
    html = _client(task.ticket.requester).get(f"/portal/tickets/{task.ticket_id}/").content
    assert b"<strong>Released to production</strong>" in html


def test_only_a_lead_releases_to_production(agent):
    task = _mtp_task()
    with pytest.raises(PermissionDenied):
        task_services.transition_task(task, actor=agent, name="release")
    task.refresh_from_db()
    assert task.stage == Stage.MTP
    assert "release" not in [m["name"] for m in task_selectors.moves(task, agent)]
    assert not Notification.objects.filter(kind="task_released").exists()


def test_the_wrong_uat_ok_route_is_refused_with_its_reason(agent):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    _profile(task, uses_mtp=True)
    task = _send(task, agent).task
    with pytest.raises(TransitionNotAllowed) as error:
        task_services.transition_task(task, actor=agent, name="accept_uat")
    assert "goes to production through MTP" in error.value.message
    assert [m["name"] for m in task_selectors.moves(task, agent)] == [
        "reject_uat",
        "accept_uat_to_mtp",
        "cancel",
    ]
    plain = task_in(Stage.UAT)
    with pytest.raises(TransitionNotAllowed) as error:
        task_services.transition_task(plain, actor=agent, name="accept_uat_to_mtp")
    assert "does not go through MTP" in error.value.message


def test_without_mtp_the_ok_is_done_and_no_release_notice_is_sent():
    task = task_in(Stage.UAT)
    task_services.answer_uat(task, actor=task.ticket.requester, ok=True)
    task.refresh_from_db()
    assert task.stage == Stage.DONE
    assert not Notification.objects.filter(kind="task_released").exists()


def test_a_release_that_cannot_go_out_goes_back_to_development_with_a_reason(agent):
    task = _mtp_task()
    planned = task.planned_at
    with pytest.raises(ValidationFailed):
        task_services.transition_task(task, actor=agent, name="return_to_development")
    task = task_services.transition_task(
        task, actor=agent, name="return_to_development", comment="Merge conflict with 4.3."
    ).task
    assert (task.stage, task.planned_at) == (Stage.DEVELOPMENT, planned)


def test_a_task_in_mtp_can_be_canceled(agent):
    task = _mtp_task()
    task = task_services.transition_task(
        task, actor=agent, name="cancel", canceled_by=CanceledBy.CUSTOMER
    ).task
    assert task.stage == Stage.CANCELED


# --- the board ----------------------------------------------------------------------------------


def test_the_board_shows_mtp_only_when_a_shown_task_uses_it(agent):
    task = task_in(Stage.UAT)
    stages = [c.stage for c in task_selectors.board(agent)]
    assert stages == ["requirements", "development", "uat", "done", "canceled"]
    _mtp_task()
    columns = {c.stage: c.tasks for c in task_selectors.board(agent)}
    assert list(columns) == ["requirements", "development", "uat", "mtp", "done", "canceled"]
    assert task in columns["uat"]
    html = _client(agent).get("/desk/tasks/").content.decode()
    assert 'data-drop="mtp"' in html
    assert "Released to production: task" not in html  # not a lead: no release button


def test_a_lead_sees_the_release_button_on_the_card(lead):
    task = _mtp_task()
    html = _client(lead).get("/desk/tasks/").content.decode()
    assert f'aria-label="Released to production: task {task.pk}"' in html


# --- a task reaching Done offers to resolve its ticket (001-20) ------------------------------


def test_the_ticket_and_task_pages_offer_to_resolve_once_every_task_is_finished(agent, lead):
    task = _mtp_task()
    client = _client(agent)
    offer = "All tasks are done — resolve the ticket."
    assert offer not in client.get(f"/desk/tickets/{task.ticket_id}/").content.decode()
    task_services.transition_task(task, actor=lead, name="release")
    ticket_page = client.get(f"/desk/tickets/{task.ticket_id}/").content.decode()
    assert offer in ticket_page
    assert f'href="/desk/tickets/{task.ticket_id}/?resolve=1#transition-resolve"' in ticket_page
    assert offer in client.get(f"/desk/tasks/{task.pk}/").content.decode()
    opened = client.get(f"/desk/tickets/{task.ticket_id}/?resolve=1").content.decode()
    assert 'id="transition-resolve" open>' in opened
    task.ticket.refresh_from_db()
    assert task.ticket.status == "open"  # offered, never resolved by itself


def test_no_offer_while_a_task_is_open_or_once_the_ticket_is_resolved(agent):
    done = task_in(Stage.DONE)
    task_in(Stage.DEVELOPMENT, ticket=done.ticket)
    assert not task_selectors.finished_tasks_offer(done.ticket)
    resolved = task_in(Stage.DONE)
    type(resolved.ticket).objects.filter(pk=resolved.ticket_id).update(status="resolved")
    resolved.ticket.refresh_from_db()
    assert not task_selectors.finished_tasks_offer(resolved.ticket)
    assert task_selectors.finished_tasks_offer(task_in(Stage.CANCELED).ticket)
