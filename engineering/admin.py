"""Admin for engineering tasks: the stage is never editable; moves are actions calling the
services, and field edits go through ``engineering.services.update_task``."""

from django.contrib import admin, messages

from helpdesk.core.admin_actions import ReadOnlyAdmin, service_action
from helpdesk.core.errors import DomainError

from . import services as task_services
from .models import SolutionCheck, Task, TaskTemplate, TaskTransitionLog


def _task_action(name: str, label: str, **arguments):
    return service_action(
        lambda task, user: task_services.transition_task(task, actor=user, name=name, **arguments),
        name=f"task_{name}",
        label=f"{label} selected tasks",
        done=("%d task moved.", "%d tasks moved."),
        describe=lambda task: f"Task {task.pk}",
    )


class TaskTransitionInline(admin.TabularInline):
    model = TaskTransitionLog
    extra = 0
    fields = ["created_at", "actor", "transition", "from_stage", "to_stage", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "ticket",
        "stage",
        "priority",
        "card_colour",
        "kanban_state",
        "assignee",
        "planned_at",
        "lead_time_due",
    ]
    list_filter = ["stage", "priority", "card_colour", "kanban_state", "canceled_by"]
    search_fields = ["=id", "title", "=ticket__id", "billing_reference"]
    list_select_related = ["ticket", "assignee"]
    autocomplete_fields = ["ticket", "assignee", "tags"]
    readonly_fields = [
        "stage",
        "canceled_by",
        "estimate_approved_by",
        "estimate_approved_at",
        "created_by",
        "created_at",
        "updated_at",
        "stage_changed_at",
        "planned_at",
        "uat_since",
        "uat_done_at",
        "uat_question",
        "release_via_mtp",
        "lead_time_check_at",
        "lead_time_near_at",
        "reviewed_by",
        "reviewed_at",
        "template",
    ]
    inlines = [TaskTransitionInline]
    actions = [
        _task_action("start_development", "Start development of"),
        _task_action("finish", "Mark done"),
        _task_action("cancel", "Cancel (by staff)", canceled_by="staff"),
        _task_action("revive", "Revive to Requirements"),
        _task_action("release", "Release to production (leads)"),
        service_action(
            lambda task, user: task_services.duplicate_task(task, actor=user),
            name="task_duplicate",
            label="Duplicate selected tasks",
            done=("%d task duplicated.", "%d tasks duplicated."),
            describe=lambda task: f"Task {task.pk}",
        ),
    ]

    def has_add_permission(self, request):
        # Tasks are filed from the ticket (desk or API), where the rules run.
        return False

    def save_model(self, request, obj, form, change):
        """Field edits go through the service, so the estimate and Spanish rules hold."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        tags = changes.pop("tags", None)
        if tags is not None:
            changes["tags"] = [tag.name for tag in tags]
        fields = {k: v for k, v in changes.items() if k in task_services.EDITABLE}
        try:
            task_services.update_task(obj, actor=request.user, **fields)
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # Tags were saved by the service; only the (read-only) inline remains.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(TaskTransitionLog)
class TaskTransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["task", "transition", "from_stage", "to_stage", "actor", "created_at"]
    list_filter = ["transition", "from_stage", "to_stage"]
    search_fields = ["=task__id", "comment"]
    list_select_related = ["task", "actor"]


@admin.register(SolutionCheck)
class SolutionCheckAdmin(ReadOnlyAdmin):
    """The ticks of the solution-testing checklist: given on the task page (seed 001)."""

    list_display = ["task", "label", "checked_by", "checked_at"]
    search_fields = ["=task__id", "label"]
    list_select_related = ["task", "checked_by"]


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    """Seed 000's task templates: what a consultant starts a new task from."""

    list_display = [
        "name",
        "title",
        "priority",
        "estimate_hours",
        "lead_time_business_days",
        "active",
    ]
    list_filter = ["active", "priority"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["tags"]
