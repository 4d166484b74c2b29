"""The task board and task pages (desk), and the customer's UAT answer (portal).

Every page works without JavaScript: the move buttons on a card are plain forms that redirect
back with a message. With JavaScript (static/js/kanban.js) cards are dragged between columns
and moved with the same buttons through the transitions API; a refused move snaps back and
shows the guard's message.
"""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error
from tickets import selectors
from tickets.views.common import agent_required, customer_required, get_or_404

from . import selectors as task_selectors
from . import services as task_services
from .forms import (
    BoardFilterForm,
    NewTaskForm,
    TaskForm,
    TaskTransitionForm,
    TemplateChoiceForm,
    UatAnswerForm,
)
from .states import Stage

ORDER = list(Stage.values)
# The columns a card's left / right buttons move to (Canceled is reached by Cancel).
NEIGHBOURS = {
    Stage.REQUIREMENTS: (None, Stage.DEVELOPMENT),
    Stage.DEVELOPMENT: (Stage.REQUIREMENTS, Stage.UAT),
    Stage.UAT: (Stage.DEVELOPMENT, Stage.DONE),
    Stage.MTP: (Stage.DEVELOPMENT, Stage.DONE),
    Stage.DONE: (Stage.UAT, None),
    Stage.CANCELED: (None, None),
}


def _decorate(task, user) -> None:
    """Give a card its moves, and the left / right move a keyboard user takes."""
    task.moves = task_selectors.moves(task, user)
    task.moves_json = json.dumps(task.moves)
    left, right = NEIGHBOURS[Stage(task.stage)]
    if task.stage == Stage.UAT and task.release_via_mtp:
        right = Stage.MTP
    by_target = {}
    for move in task.moves:
        by_target.setdefault(move["target"], move)
    task.move_left = by_target.get(left) if left else None
    task.move_right = by_target.get(right) if right else None
    if task.stage == Stage.CANCELED:
        task.move_right = by_target.get(Stage.REQUIREMENTS)


@agent_required
def board(request):
    agents = list(selectors.assignable_agents())
    filters = BoardFilterForm(request.GET, agents=agents)
    columns = task_selectors.board(request.user, **filters.params())
    for column in columns:
        for task in column.tasks:
            _decorate(task, request.user)
    context = {
        "columns": columns,
        "filters": filters,
        "filtered": any(filters.params().values()),
        "total": sum(len(c.tasks) for c in columns),
    }
    return render(request, "engineering/board.html", context)


def _task_page(request, task, form, *, status=200):
    context = {
        "task": task,
        "form": form,
        "moves": task_selectors.moves(task, request.user),
        "timeline": task_selectors.task_timeline(task),
        "checklist": task_selectors.checklist(task) if task.stage == Stage.DEVELOPMENT else [],
        "resolve_offer": task_selectors.finished_tasks_offer(task.ticket),
        # Seed 001: the developer specialised in that app, for a task nobody holds yet.
        "suggested": (
            task_selectors.suggested_developers(task)[:3]
            if task.assignee_id is None and task.stage in (Stage.REQUIREMENTS, Stage.DEVELOPMENT)
            else []
        ),
        "canceled_by_choices": TaskTransitionForm.base_fields["canceled_by"].choices[1:],
    }
    return render(request, "engineering/task_detail.html", context, status=status)


def _chosen_template(request, data):
    """The template named in ``data`` (GET on the menu, POST from the hidden field), or None."""
    choice = TemplateChoiceForm(data, templates=task_selectors.active_templates())
    if not choice.is_valid() or not choice.cleaned_data["template"]:
        return choice, None
    return choice, task_selectors.get_template(choice.cleaned_data["template"])


def _new_page(request, form, ticket, choice, template, *, status=200):
    context = {"form": form, "ticket": ticket, "choice": choice, "template": template}
    return render(request, "engineering/task_new.html", context, status=status)


@agent_required
def task_new(request):
    ticket = get_or_404(selectors.get_ticket, request.user, request.GET.get("ticket"))
    agents = selectors.assignable_agents()
    choice, template = _chosen_template(request, request.GET)
    if request.method != "POST":
        initial = {
            "title": ticket.subject,
            "priority": ticket.priority,
            "card_colour": "",
            "tags": task_selectors.default_task_tags(ticket),
        }
        if template is not None:
            defaults = task_services.template_defaults(template)
            initial.update(
                {k: v for k, v in defaults.items() if v not in (None, "") and k in NEW_FIELDS}
            )
        form = NewTaskForm(agents=agents, initial=initial)
        return _new_page(request, form, ticket, choice, template)
    form = NewTaskForm(request.POST, agents=agents)
    if form.is_valid():
        try:
            if template is None:
                task = task_services.create_task(ticket, actor=request.user, **form.cleaned_data)
            else:
                task = task_services.create_task_from_template(
                    ticket, template, actor=request.user, **form.cleaned_data
                )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Task {task.pk} is in Requirements.")
            return redirect("desk-task", task_id=task.pk)
    return _new_page(request, form, ticket, choice, template, status=400)


NEW_FIELDS = frozenset(NewTaskForm.base_fields) - {"kanban_state", "blocked_reason"}


@agent_required
@require_POST
def task_duplicate(request, task_id: int):
    """Seed 000: a new task by duplicating one (Requirements, Unapproved, fresh lead time)."""
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    try:
        copy = task_services.duplicate_task(task, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("desk-task", task_id=task.pk)
    messages.success(request, f"Task {copy.pk} is a copy of task {task.pk}, in Requirements.")
    return redirect("desk-task", task_id=copy.pk)


@agent_required
def task_detail(request, task_id: int):
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    agents = selectors.assignable_agents()
    if request.method != "POST":
        return _task_page(
            request, task, TaskForm(agents=agents, initial=TaskForm.initial_for(task))
        )
    form = TaskForm(request.POST, agents=agents)
    if form.is_valid():
        try:
            task_services.update_task(task, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Task {task.pk} saved.")
            return redirect("desk-task", task_id=task.pk)
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    return _task_page(request, task, form, status=400)


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


@agent_required
@require_POST
def task_transition(request, task_id: int):
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    back = reverse("desk-task", args=[task.pk])
    form = TaskTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was changed: choose a move.")
        return _back(request, back)
    try:
        outcome = task_services.transition_task(
            task,
            actor=request.user,
            name=form.cleaned_data["transition"],
            comment=form.cleaned_data["comment"],
            canceled_by=form.cleaned_data["canceled_by"],
            expected_stage=form.cleaned_data["expected_stage"] or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _back(request, back)
    messages.success(request, f"Task {task.pk} is now in {outcome.task.get_stage_display()}.")
    for warning in outcome.warnings:
        messages.warning(request, warning)
    return _back(request, back)


@agent_required
@require_POST
def task_approve_estimate(request, task_id: int):
    """A consultant records the customer's approval, relayed by phone or email."""
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    try:
        task_services.approve_estimate(task, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The customer's approval of the estimate is recorded.")
    return redirect("desk-task", task_id=task.pk)


@agent_required
@require_POST
def task_check(request, task_id: int):
    """Tick or untick an item of the solution-testing checklist (seed 001)."""
    task = get_or_404(task_selectors.get_task, request.user, task_id)
    item = request.POST.get("item", "")
    checked = request.POST.get("checked", "1") != "0"
    try:
        task_services.check_item(task, actor=request.user, item=item, checked=checked)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Ticked." if checked else "Unticked.")
    return redirect(reverse("desk-task", args=[task.pk]) + "#solution-testing")


# --- the portal -------------------------------------------------------------------------------


@customer_required
@require_POST
def portal_uat_answer(request, task_id: int):
    task = get_or_404(task_selectors.get_customer_task, request.user, task_id)
    page = reverse("portal-ticket", args=[task.ticket_id]) + f"#task-{task.pk}"
    form = UatAnswerForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors) or "Choose OK or NOT OK.")
        return redirect(page)
    ok = form.cleaned_data["answer"] == UatAnswerForm.OK
    try:
        task_services.answer_uat(
            task, actor=request.user, ok=ok, comment=form.cleaned_data["comment"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            (
                "Thanks — a lead releases it to production; we will tell you when it is live."
                if task.release_via_mtp
                else "Thanks — we will release it to production."
            )
            if ok
            else "Thanks — the developer picks it up again with your notes.",
        )
    return redirect(page)


@customer_required
@require_POST
def portal_approve_estimate(request, task_id: int):
    task = get_or_404(task_selectors.get_customer_task, request.user, task_id)
    try:
        task_services.approve_estimate(task, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Thanks — you approved the estimate; we will plan the work.")
    return redirect(reverse("portal-ticket", args=[task.ticket_id]) + f"#task-{task.pk}")
