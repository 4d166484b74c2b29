"""Engineering tasks in the API. Input serializers parse; output serializers render."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from tickets.states import Priority

from ..models import Task
from ..states import CanceledBy, CardColour, KanbanState, Stage


class TaskOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    estimate_approved_by = serializers.CharField(
        source="estimate_approved_by.username", allow_null=True, default=None
    )
    tags = serializers.SerializerMethodField()
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", allow_null=True, default=None
    )
    template = serializers.IntegerField(source="template_id", allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "ticket",
            "title",
            "stage",
            "priority",
            "card_colour",
            "kanban_state",
            "blocked_reason",
            "assignee",
            "tags",
            "billing_reference",
            "subscription",
            "estimate_hours",
            "estimate_approved_by",
            "estimate_approved_at",
            "canceled_by",
            "planned_at",
            "uat_since",
            "uat_done_at",
            "release_via_mtp",
            "created_at",
            "updated_at",
            "stage_changed_at",
            "lead_time_due",
            "lead_time_near_at",
            "reviewed_by",
            "reviewed_at",
            "template",
        ]

    def get_tags(self, obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class TransitionOut(serializers.Serializer):
    name = serializers.CharField()
    target = serializers.CharField()
    label = serializers.CharField()


class TaskDetailOut(TaskOut):
    description = serializers.CharField()
    uat_question = serializers.CharField()
    available_transitions = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta(TaskOut.Meta):
        fields = [
            *TaskOut.Meta.fields,
            "description",
            "uat_question",
            "available_transitions",
            "warnings",
        ]

    def get_available_transitions(self, obj) -> list[dict]:
        return TransitionOut(self.context["available_transitions"], many=True).data

    def get_warnings(self, obj) -> list[str]:
        return self.context.get("warnings", [])


class TaskIn(serializers.Serializer):
    ticket = serializers.IntegerField(help_text="The parent ticket's number.")
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required unless a template gives it.",
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Default: the ticket's task tags (e.g. Spanish).",
    )
    billing_reference = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    subscription = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    estimate_hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    card_colour = serializers.ChoiceField(choices=CardColour.choices, required=False, default="")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, default="")
    lead_time_due = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the work should be picked up. Default: by priority "
        "(TASK_LEAD_TIME_BUSINESS_DAYS), or the template's.",
    )
    lead_time_business_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=365,
        help_text="The lead time in business days from now (when lead_time_due is not given).",
    )
    template = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A task template's id: its fields are the defaults of what you leave out.",
    )


class TaskEditIn(serializers.Serializer):
    """PATCH: the fields given change; the stage moves through transitions only."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    card_colour = serializers.ChoiceField(choices=CardColour.choices, required=False)
    kanban_state = serializers.ChoiceField(
        choices=KanbanState.choices,
        required=False,
        help_text="ready from unapproved: a lead only (the Process Leader's review).",
    )
    blocked_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    billing_reference = serializers.CharField(required=False, allow_blank=True, max_length=200)
    subscription = serializers.CharField(required=False, allow_blank=True, max_length=200)
    estimate_hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    lead_time_due = serializers.DateTimeField(required=False, allow_null=True)
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class TaskTemplateOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    tags = serializers.SerializerMethodField()
    estimate_hours = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    priority = serializers.CharField()
    card_colour = serializers.CharField()
    lead_time_business_days = serializers.IntegerField(allow_null=True)

    def get_tags(self, obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class TaskTransitionIn(serializers.Serializer):
    transition = serializers.CharField()
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="send_to_uat: what to test; reject_uat: what is still wrong; follow_up: why; "
        "return_to_development: what stops the release.",
    )
    canceled_by = serializers.ChoiceField(
        choices=CanceledBy.choices, required=False, default="", help_text="cancel: who canceled."
    )
    expected_stage = serializers.CharField(
        required=False,
        help_text="The stage you saw; if the task has moved since, the answer is 409.",
    )


class TaskFilterIn(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text="development: the queue order (top priority first, then first planned).",
    )
    ticket = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    assignee = serializers.CharField(required=False, help_text="Username, `me` or `none`.")
    tag = serializers.CharField(required=False)
    kanban_state = serializers.ChoiceField(choices=KanbanState.choices, required=False)
