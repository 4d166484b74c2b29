"""Every rule of PRODUCT.md's task stages as a guard that refuses with a human message."""

import pytest
from django.utils import timezone

from engineering import services as task_services
from engineering.models import TaskTransitionLog
from engineering.services import NO_TIME_WARNING, TransitionNotAllowed
from engineering.states import CanceledBy, KanbanState, Stage
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.engineering.factories import ready_task, task_in, tick_checklist
from tests.factories import CustomerFactory, TaskFactory
from tickets.models import Message
from tickets.states import MessageKind, Priority

pytestmark = pytest.mark.django_db


def _refused(task, agent, name, **kwargs) -> TransitionNotAllowed:
    with pytest.raises(TransitionNotAllowed) as error:
        task_services.transition_task(task, actor=agent, name=name, **kwargs)
    return error.value


def _unchanged(task, stage) -> None:
    task.refresh_from_db()
    assert task.stage == stage
    assert TaskTransitionLog.objects.filter(task=task).count() == 0


# --- leaving Requirements: billing fields ----------------------------------------------------


def test_leaving_requirements_without_billing_fields_is_refused_with_what_is_missing(agent):
    task = TaskFactory(reviewed=True, estimate_hours=2, estimate_approved_at=timezone.now())
    error = _refused(task, agent, "start_development")
    assert error.message == (
        f"Task {task.pk} cannot leave Requirements: set the billing reference / sale order line "
        "and the subscription or support pack first (without them the customer is not billed)."
    )
    assert error.details["allowed_transitions"] == ["cancel"]
    assert error.status == 409
    _unchanged(task, Stage.REQUIREMENTS)


def test_one_missing_billing_field_is_named_alone(agent):
    task = ready_task(subscription="")
    error = _refused(task, agent, "start_development")
    assert "set the subscription or support pack first" in error.message
    _unchanged(task, Stage.REQUIREMENTS)


# --- leaving Requirements: the approved estimate ---------------------------------------------


def test_leaving_requirements_without_an_estimate_is_refused(agent):
    task = TaskFactory(reviewed=True, billed=True)
    error = _refused(task, agent, "start_development")
    assert error.message == (
        f"Task {task.pk} cannot leave Requirements: it has no time estimate yet. Estimate it "
        "and have the customer approve it (only top-priority tickets skip this)."
    )
    _unchanged(task, Stage.REQUIREMENTS)


def test_leaving_requirements_with_an_unapproved_estimate_is_refused(agent):
    task = TaskFactory(reviewed=True, billed=True, estimate_hours=6)
    error = _refused(task, agent, "start_development")
    assert error.message == (
        f"Task {task.pk} cannot leave Requirements: the customer has not approved the estimate "
        "of 6.00 h yet (only top-priority tickets skip this)."
    )
    _unchanged(task, Stage.REQUIREMENTS)


def test_both_guards_speak_when_both_refuse(agent):
    error = _refused(TaskFactory(reviewed=True), agent, "start_development")
    assert len(error.details["refusals"]) == 2


def test_top_priority_skips_the_estimate_but_not_billing(agent):
    task = TaskFactory(reviewed=True, billed=True, priority=Priority.TOP)
    outcome = task_services.transition_task(task, actor=agent, name="start_development")
    assert outcome.task.stage == Stage.DEVELOPMENT
    unbilled = TaskFactory(reviewed=True, priority=Priority.TOP)
    error = _refused(unbilled, agent, "start_development")
    assert "billing reference" in error.message
    _unchanged(unbilled, Stage.REQUIREMENTS)


def test_billed_and_approved_task_enters_the_development_queue(agent):
    task = ready_task()
    outcome = task_services.transition_task(task, actor=agent, name="start_development")
    task.refresh_from_db()
    assert task.stage == Stage.DEVELOPMENT
    assert task.planned_at == task.stage_changed_at
    assert outcome.warnings == []
    log = TaskTransitionLog.objects.get(task=task)
    assert (log.transition, log.from_stage, log.to_stage, log.actor) == (
        "start_development",
        Stage.REQUIREMENTS,
        Stage.DEVELOPMENT,
        agent,
    )
    event = Message.objects.filter(ticket=task.ticket).latest("id")  # on the ticket's timeline
    assert (event.kind, event.author) == (MessageKind.EVENT, agent)
    assert "Requirements → Development (Start development) by tina" in event.body


def test_a_blocked_task_does_not_move_forward(agent):
    task = ready_task(kanban_state=KanbanState.BLOCKED, blocked_reason="Waiting for DB access")
    error = _refused(task, agent, "start_development")
    assert error.message == (
        f"Task {task.pk} is blocked (Waiting for DB access). Clear the blocked state first."
    )
    _unchanged(task, Stage.REQUIREMENTS)


# --- approving and changing the estimate -----------------------------------------------------


def test_customer_approves_the_estimate_and_a_new_estimate_clears_it(agent):
    task = TaskFactory(billed=True, estimate_hours=3)
    requester = task.ticket.requester
    task_services.approve_estimate(task, actor=requester)
    task.refresh_from_db()
    assert task.estimate_approved_by == requester
    assert task.estimate_approved_at is not None
    reply = Message.objects.filter(ticket=task.ticket).latest("id")
    assert reply.kind == MessageKind.CUSTOMER_REPLY
    assert reply.body == f"I approve the estimate of 3.00 h for “{task.title}”."
    task_services.update_task(task, actor=agent, estimate_hours="5")
    task.refresh_from_db()
    assert (task.estimate_hours, task.estimate_approved_by, task.estimate_approved_at) == (
        5,
        None,
        None,
    )
    error = _refused(task, agent, "start_development")
    assert "has not approved the estimate of 5.00 h" in error.message


def test_a_stranger_cannot_approve_an_estimate():
    task = TaskFactory(billed=True, estimate_hours=3)
    with pytest.raises(NotFound) as error:
        task_services.approve_estimate(task, actor=CustomerFactory())
    assert error.value.status == 404
    task.refresh_from_db()
    assert task.estimate_approved_at is None


def test_a_consultant_records_the_customers_approval(agent):
    task = TaskFactory(billed=True, estimate_hours=3)
    task_services.approve_estimate(task, actor=agent)
    task.refresh_from_db()
    assert task.estimate_approved_by == agent
    event = Message.objects.filter(ticket=task.ticket).latest("id")
    assert (event.kind, event.author) == (MessageKind.EVENT, agent)  # staff only, on the timeline


# --- Done → Development: a related follow-up, with a reason ----------------------------------


def test_follow_up_needs_a_reason(agent):
    task = task_in(Stage.DONE)
    with pytest.raises(ValidationFailed) as error:
        task_services.transition_task(task, actor=agent, name="follow_up", comment="  ")
    assert error.value.message == (
        "Give the reason: how the follow-up relates to the original request."
    )
    task.refresh_from_db()
    assert task.stage == Stage.DONE


def test_follow_up_with_a_reason_goes_back_to_the_end_of_the_queue(agent):
    task = task_in(Stage.DONE)
    first_planned = task.planned_at
    task_services.transition_task(
        task, actor=agent, name="follow_up", comment="The VAT column is still rounded."
    )
    task.refresh_from_db()
    assert task.stage == Stage.DEVELOPMENT
    assert task.planned_at > first_planned
    assert task.transitions.latest("id").comment == "The VAT column is still rounded."


def test_done_cannot_go_anywhere_else(agent):
    task = task_in(Stage.DONE)
    error = _refused(task, agent, "send_to_uat", comment="x")
    assert error.message == (
        f"Task {task.pk} “{task.title}” cannot send to uat: it is in Done. Allowed now: follow_up."
    )


# --- Canceled → Requirements / Development only when the customer or consultant canceled -------


def test_cancel_needs_who_canceled(agent):
    task = ready_task()
    with pytest.raises(ValidationFailed):
        task_services.transition_task(task, actor=agent, name="cancel")
    _unchanged(task, Stage.REQUIREMENTS)


@pytest.mark.parametrize("by", [CanceledBy.CUSTOMER, CanceledBy.CONSULTANT])
@pytest.mark.parametrize(
    ("name", "stage"),
    [("revive", Stage.REQUIREMENTS), ("revive_to_development", Stage.DEVELOPMENT)],
)
def test_customer_or_consultant_cancellations_can_be_revived(agent, by, name, stage):
    task = task_in(Stage.CANCELED, canceled_by=by)
    assert task.canceled_by == by
    task_services.transition_task(task, actor=agent, name=name)
    task.refresh_from_db()
    assert (task.stage, task.canceled_by) == (stage, "")


@pytest.mark.parametrize("name", ["revive", "revive_to_development"])
def test_a_staff_cancellation_cannot_be_revived(agent, name):
    task = task_in(Stage.CANCELED, canceled_by=CanceledBy.STAFF)
    count = task.transitions.count()
    error = _refused(task, agent, name)
    assert error.message == (
        f"Task {task.pk} was canceled by staff (process leader): only a task the customer or "
        "the consultant canceled can be revived. Speak to the process leader who canceled it."
    )
    task.refresh_from_db()
    assert (task.stage, task.canceled_by, task.transitions.count()) == (
        Stage.CANCELED,
        CanceledBy.STAFF,
        count,
    )


def test_reviving_to_development_still_needs_billing(agent):
    task = TaskFactory(estimate_hours=1, estimate_approved_at=timezone.now())
    task_services.transition_task(task, actor=agent, name="cancel", canceled_by="customer")
    error = _refused(task, agent, "revive_to_development")
    assert "billing reference" in error.message


# --- moving out of Development warns when no time was logged ---------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("send_to_uat", {"comment": "Try it."}), ("finish", {}), ("cancel", {"canceled_by": "staff"})],
)
def test_leaving_development_without_time_warns_but_goes_through(agent, minutes, name, kwargs):
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    minutes(0)
    outcome = task_services.transition_task(task, actor=agent, name=name, **kwargs)
    assert outcome.warnings == [NO_TIME_WARNING]
    assert outcome.task.stage != Stage.DEVELOPMENT
    note = Message.objects.filter(ticket=task.ticket).latest("id")
    assert note.body.endswith(f"**Warning:** {NO_TIME_WARNING}")


def test_leaving_development_with_time_logged_does_not_warn(agent, minutes):
    task = task_in(Stage.DEVELOPMENT)
    minutes(45)
    outcome = task_services.transition_task(task, actor=agent, name="finish")
    assert outcome.warnings == []


def test_without_a_timesheet_app_there_is_nothing_to_warn_about(agent):
    task = task_in(Stage.DEVELOPMENT)
    outcome = task_services.transition_task(task, actor=agent, name="finish")
    assert outcome.warnings == []


# --- who may move tasks, and stale screens ---------------------------------------------------


def test_customers_cannot_move_tasks_through_staff_transitions():
    task = ready_task()
    with pytest.raises(NotFound) as error:
        task_services.transition_task(task, actor=task.ticket.requester, name="start_development")
    assert error.value.status == 404
    _unchanged(task, Stage.REQUIREMENTS)


def test_a_stale_expected_stage_is_a_conflict(agent):
    task = task_in(Stage.DEVELOPMENT)
    count = task.transitions.count()
    error = _refused(task, agent, "finish", expected_stage=Stage.REQUIREMENTS)
    assert error.message == (
        f"Task {task.pk} “{task.title}” changed while you were looking at it: it is now in "
        "Development. Nothing was applied."
    )
    task.refresh_from_db()
    assert (task.stage, task.transitions.count()) == (Stage.DEVELOPMENT, count)


def test_unknown_transition_is_bad_input(agent):
    with pytest.raises(ValidationFailed):
        task_services.transition_task(ready_task(), actor=agent, name="auto_done")


def test_agents_only_create_tasks():
    ticket = TaskFactory().ticket
    with pytest.raises(PermissionDenied):
        task_services.create_task(ticket, actor=ticket.requester, title="Mine")
