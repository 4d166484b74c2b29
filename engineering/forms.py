"""Forms of the task board, task page and the portal's UAT answer. Rules stay in the services."""

from django import forms
from django.conf import settings

from helpdesk.core.forms import BulmaMixin
from tickets.states import Priority

from .states import TASK_TAGS, CanceledBy, CardColour, KanbanState


class BoardFilterForm(forms.Form):
    """The board's filters, read from the query string; an invalid value is ignored."""

    assignee = forms.ChoiceField(required=False)
    tag = forms.ChoiceField(required=False)

    def __init__(self, data, *, agents):
        super().__init__(data)
        self.fields["assignee"].choices = [
            ("", "Anyone"),
            ("me", "Me"),
            ("none", "Unassigned"),
            *[(a.get_username(), a.get_username()) for a in agents],
        ]
        self.fields["tag"].choices = [("", "Any tag"), *[(t, t) for t in TASK_TAGS]]

    def params(self) -> dict:
        self.is_valid()
        return {
            name: (self.cleaned_data.get(name) or "") if not self.has_error(name) else ""
            for name in ("assignee", "tag")
        }


class TaskForm(BulmaMixin, forms.Form):
    """Create or edit a task: everything but its stage."""

    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. The questions the customer asked, links, what is in scope.",
    )
    assignee = forms.ModelChoiceField(queryset=None, required=False, empty_label="Nobody yet")
    tags = forms.MultipleChoiceField(
        required=False,
        choices=[(t, t) for t in TASK_TAGS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Spanish: only agents who speak Spanish may take the task.",
    )
    priority = forms.ChoiceField(
        choices=Priority.choices, help_text="Top priority skips the estimate and the queue."
    )
    card_colour = forms.ChoiceField(choices=CardColour.choices, label="Card colour")
    kanban_state = forms.ChoiceField(choices=KanbanState.choices, label="Kanban state")
    blocked_reason = forms.CharField(
        required=False, max_length=300, label="Blocked because", help_text="Needed when blocked."
    )
    billing_reference = forms.CharField(
        required=False, max_length=200, label="Billing reference / sale order line"
    )
    subscription = forms.CharField(
        required=False, max_length=200, label="Subscription or support pack"
    )
    estimate_hours = forms.DecimalField(
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        label="Estimate (hours)",
        help_text="Changing it clears the customer's approval.",
    )

    lead_time_due = forms.DateTimeField(
        required=False,
        label="Lead time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When the work should be picked up: the card turns blue as it nears, and an "
        "unpicked task is then assigned by workload.",
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents

    @classmethod
    def initial_for(cls, task) -> dict:
        return {
            "title": task.title,
            "description": task.description,
            "assignee": task.assignee_id,
            "tags": [t.name for t in task.tags.all()],
            "priority": task.priority,
            "card_colour": task.card_colour,
            "kanban_state": task.kanban_state,
            "blocked_reason": task.blocked_reason,
            "billing_reference": task.billing_reference,
            "subscription": task.subscription,
            "estimate_hours": task.estimate_hours,
            "lead_time_due": task.lead_time_due,
        }


class NewTaskForm(TaskForm):
    """A new task starts Unapproved (grey) in Requirements: no kanban state to choose yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kanban_state"]
        del self.fields["blocked_reason"]
        colour = self.fields["card_colour"]
        colour.required = False
        colour.choices = [("", "Automatic (from priority and tags)"), *CardColour.choices]
        days = ", ".join(
            f"{Priority(p).label.lower()} {n}"
            for p, n in settings.TASK_LEAD_TIME_BUSINESS_DAYS.items()
            if p in Priority.values
        )
        self.fields["lead_time_due"].help_text = (
            f"Blank: the template's, or by priority ({days} business days). "
            + self.fields["lead_time_due"].help_text
        )


class TemplateChoiceForm(forms.Form):
    """The new-task page's "start from a template" menu (a GET form: it fills the task form)."""

    template = forms.ChoiceField(required=False, label="Start from a template")

    def __init__(self, data, *, templates):
        super().__init__(data)
        self.fields["template"].choices = [
            ("", "No template"),
            *[(str(t.pk), t.name) for t in templates],
        ]


class TaskTransitionForm(forms.Form):
    transition = forms.CharField(max_length=64)
    comment = forms.CharField(required=False, max_length=10000)
    canceled_by = forms.ChoiceField(required=False, choices=[("", "—"), *CanceledBy.choices])
    expected_stage = forms.CharField(required=False, max_length=16)


class UatAnswerForm(forms.Form):
    OK, NOT_OK = "ok", "not_ok"

    answer = forms.ChoiceField(choices=[(OK, "OK"), (NOT_OK, "NOT OK")])
    # "NOT OK needs what is still wrong" is the service's rule (engineering.services).
    comment = forms.CharField(required=False, max_length=10000)
