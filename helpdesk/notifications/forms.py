"""The agent's profile: a channel per event, and the email signature."""

from django import forms

from .models import Channel, StaffEvent
from .staff import CHOICES, channel_of


class ProfileForm(forms.Form):
    signature = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "textarea"}),
        max_length=2000,
        help_text="Added under your replies in the emails customers receive.",
    )

    def __init__(self, *args, settings, **kwargs):
        initial = {"signature": settings.signature}
        for event in StaffEvent:
            initial[event.value] = channel_of(settings.preferences, event.value)
        super().__init__(*args, initial=initial, **kwargs)
        for event in StaffEvent:
            self.fields[event.value] = forms.ChoiceField(
                label=event.label,
                choices=[(value, Channel(value).label) for value in CHOICES[event.value]],
            )
        self.fields[
            StaffEvent.ON_CALL_PAGE
        ].help_text = "A page is always emailed; choose whether it also shows in the desk."

    def event_fields(self):
        return [self[event.value] for event in StaffEvent]

    def preferences(self) -> dict[str, str]:
        return {event.value: self.cleaned_data[event.value] for event in StaffEvent}
