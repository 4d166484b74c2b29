"""Engineering and professional-services tasks spawned by a ticket, and their stage log.

The tables were created by the tickets app (its migration 0005); engineering's migration 0001
took them over by state only, and 0002 renamed them, so no row moved. No logic in save():
``engineering.services`` writes every row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField

from helpdesk.core import fsm
from tickets.models import Tag, Ticket
from tickets.states import Priority

from .models_templates import TaskTemplate
from .states import CanceledBy, CardColour, KanbanState, Stage
from .workflow import TaskWorkflow

__all__ = ["Task", "TaskTemplate", "TaskTransitionLog"]


class Task(ConcurrentTransitionMixin, TaskWorkflow, models.Model):
    """Engineering / professional-services work spawned by a ticket (seeds 000, 001)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_tasks"
    )
    stage = FSMField(
        max_length=16, choices=Stage.choices, default=Stage.REQUIREMENTS, protected=True
    )
    priority = models.CharField(
        max_length=16,
        choices=Priority.choices,
        default=Priority.NORMAL,
        help_text="Copied from the ticket; top priority skips the estimate and the FIFO queue.",
    )
    card_colour = models.CharField(
        max_length=16, choices=CardColour.choices, default=CardColour.REGULAR
    )
    kanban_state = models.CharField(
        max_length=16, choices=KanbanState.choices, default=KanbanState.UNAPPROVED
    )
    blocked_reason = models.CharField(max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tasks")

    # Billing (seed 000's "Extra Info" tab): without these the customer is not billed.
    billing_reference = models.CharField(
        "billing reference / sale order line", max_length=200, blank=True
    )
    subscription = models.CharField("subscription or support pack", max_length=200, blank=True)

    # The time estimate and the customer's approval of it (seed 001).
    estimate_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    estimate_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The customer, or the consultant relaying the customer's approval.",
    )
    estimate_approved_at = models.DateTimeField(null=True, blank=True)

    canceled_by = models.CharField(max_length=16, choices=CanceledBy.choices, blank=True)

    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    stage_changed_at = models.DateTimeField()
    planned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it joined the Development queue: the queue is FIFO on this, top first.",
    )
    uat_since = models.DateTimeField(null=True, blank=True)
    uat_done_at = models.DateTimeField(
        null=True, blank=True, help_text="UAT: when it moves to Done without an answer."
    )
    uat_question = models.TextField(
        blank=True,
        help_text="What the customer should test on staging (shown on the portal in UAT).",
    )
    release_via_mtp = models.BooleanField(
        "release through MTP",
        default=False,
        help_text="Set on entering UAT from the organization's profile: UAT OK → MTP, and a "
        "lead's release → Done.",
    )

    # Lead times and the Process Leader's review (seed 000; engineering.services.lead_times).
    lead_time_due = models.DateTimeField(
        null=True, blank=True, help_text="The lead time: when the work should be picked up."
    )
    lead_time_check_at = models.DateTimeField(
        null=True, blank=True, help_text="When the lead-time sweep looks at the task next."
    )
    lead_time_near_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sweep turned the card blue (near its lead time)."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The lead (Process Leader) who set the task Ready.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["stage", "planned_at", "id"], name="task_stage_idx"),
            models.Index(fields=["ticket", "created_at"], name="task_ticket_idx"),
            models.Index(
                fields=["uat_done_at", "id"],
                condition=Q(stage=Stage.UAT),
                name="task_uat_due_idx",
            ),
            models.Index(
                fields=["lead_time_check_at", "id"],
                condition=Q(lead_time_check_at__isnull=False),
                name="task_lead_time_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kanban_state=KanbanState.BLOCKED) | ~Q(blocked_reason=""),
                name="task_blocked_has_reason",
                violation_error_message="A blocked task needs a reason.",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.CANCELED) | Q(canceled_by=""),
                name="task_canceled_by_only_when_canceled",
                violation_error_message="Only a canceled task says who canceled it.",
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk}: {self.title}"

    @property
    def is_top_priority(self) -> bool:
        return self.priority == Priority.TOP


class TaskTransitionLog(fsm.TransitionLog):
    """Every stage change of a task: who, when, from, to, why."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=16, choices=Stage.choices)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)

    class Meta(fsm.TransitionLog.Meta):
        indexes = [models.Index(fields=["task", "created_at"], name="task_transition_idx")]

    def __str__(self) -> str:
        return f"Task {self.task_id}: {self.from_stage} → {self.to_stage}"


from .release_models import SolutionCheck  # noqa: E402, F401  solution testing (seed 001)
