"""Tasks in any stage, reached through the services (so they obey the rules)."""

from django.utils import timezone

from engineering import selectors as task_selectors
from engineering import services as task_services
from engineering.states import CanceledBy, KanbanState, Stage
from tests.factories import AgentFactory, LeadFactory, TaskFactory

# The transitions that lead from Requirements to each stage.
PATHS = {
    Stage.REQUIREMENTS: [],
    Stage.DEVELOPMENT: [("start_development", {})],
    Stage.UAT: [
        ("start_development", {}),
        ("solution_tested", {}),
        ("send_to_uat", {"comment": "Try the export."}),
    ],
    Stage.DONE: [("start_development", {}), ("finish", {})],
    Stage.CANCELED: [("cancel", {"canceled_by": CanceledBy.CUSTOMER})],
}


def ready_task(**fields):
    """A task in Requirements that may leave it: reviewed (Ready), billed, estimate approved."""
    approver = fields.pop("approver", None) or AgentFactory()
    defaults = {
        "kanban_state": KanbanState.READY,
        "reviewed_at": timezone.now(),
        "billed": True,
        "estimate_hours": 4,
        "estimate_approved_by": approver,
        "estimate_approved_at": timezone.now(),
    }
    return TaskFactory(**{**defaults, **fields})


def tick_checklist(task, actor=None):
    """Tick the task's whole solution-testing checklist (seed 001), as agents and a lead would:
    the PM's test, and the known workflows (by a lead)."""
    actor = actor or AgentFactory()
    lead = LeadFactory()
    for item in task_selectors.checklist(task):
        who = lead if item.kind == "workflow" else actor
        task = task_services.check_item(task, actor=who, item=item.key)
    return task


def task_in(stage: str, *, actor=None, canceled_by: str = "", **fields):
    task = ready_task(**fields)
    actor = actor or AgentFactory()
    for name, kwargs in PATHS[Stage(stage)]:
        if name == "cancel" and canceled_by:
            kwargs = {"canceled_by": canceled_by}
        if name == "solution_tested":
            task = tick_checklist(task, actor)
            continue
        task = task_services.transition_task(task, actor=actor, name=name, **kwargs).task
    task.refresh_from_db()
    return task
