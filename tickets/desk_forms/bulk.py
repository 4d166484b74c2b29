"""The queue's bulk-action form."""

from django import forms

from helpdesk.core.forms import bulma

from ..services import MAX_HOLD_DAYS, BulkAction
from .ticket import _error_text, closing_errors


class TicketNumbersField(forms.Field):
    """The ticket numbers of the ticked queue rows (``name="tickets"``, one input each)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Those are not ticket numbers."}

    def to_python(self, value) -> list[int]:
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkActionForm(forms.Form):
    """The queue's bulk bar: one action for the ticked rows. What the action needs (an agent, a
    tag, Close's reason) is the service's to check; this parses, and asks Close's
    confirmation like the ticket page."""

    LABELS = {
        BulkAction.TAKE: "Take them",
        BulkAction.ASSIGN: "Assign to an agent",
        BulkAction.ADD_TAGS: "Add tags",
        BulkAction.REMOVE_TAGS: "Remove tags",
        BulkAction.TRANSITION: "Change the status",
    }

    tickets = TicketNumbersField(required=False)
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose an action…"), *LABELS.items()],
        error_messages={
            "required": "Choose an action.",
            "invalid_choice": "Choose one of the actions.",
        },
    )
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agent",
        empty_label="Choose an agent…",
        error_messages={"invalid_choice": "Choose an agent from the list."},
    )
    tags = forms.CharField(
        required=False,
        max_length=500,
        label="Tags",
        help_text="Separate tags with commas.",
        error_messages={"max_length": "Tags are at most 500 characters in all."},
    )
    transition = forms.ChoiceField(
        required=False,
        label="New status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    comment = forms.CharField(
        required=False,
        max_length=10_000,
        label="Comment (shown on the timeline; Close needs the reason)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hold_days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_HOLD_DAYS, label="Days on hold (Hold only)"
    )
    confirm = forms.BooleanField(required=False, label="Yes, close the selected tickets")

    def __init__(self, data=None, *, agents, transitions: list[tuple[str, str]]):
        super().__init__(data, auto_id="bulk-%s")  # beside the filters' ids on the queue
        bulma(self, small=True)
        if agents is None:  # not a lead: no Assign (take is theirs)
            del self.fields["assignee"]
            self.fields["action"].choices = [
                choice for choice in self.fields["action"].choices if choice[0] != "assign"
            ]
        else:
            self.fields["assignee"].queryset = agents
        self.fields["transition"].choices = [("", "Choose a status…"), *transitions]

    def clean(self):
        data = super().clean()
        if data.get("action") == BulkAction.TRANSITION:
            confirmation = "Confirm that the selected tickets should be closed."
            for field, error in closing_errors(data, confirmation).items():
                self.add_error(field, error)
        return data

    def error_text(self) -> str:
        return _error_text(self)
