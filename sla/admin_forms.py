"""Admin forms of the SLA app: thresholds are read and written in hours, stored in minutes."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms

from .models import SlaPolicy

# (hours field shown, minutes field stored)
THRESHOLDS = [
    ("yellow_after_hours", "yellow_after_minutes"),
    ("red_after_hours", "red_after_minutes"),
]


class SlaPolicyAdminForm(forms.ModelForm):
    """The minutes stay the stored truth (and the check constraint still applies to them); the
    person edits hours, to the minute (two decimals)."""

    yellow_after_hours = forms.DecimalField(
        label="Yellow after (business hours)",
        min_value=Decimal("0.02"),
        max_digits=7,
        decimal_places=2,
        help_text="Business hours in the tier's queue before Yellow, e.g. 2 or 1.5.",
    )
    red_after_hours = forms.DecimalField(
        label="Red after (business hours)",
        min_value=Decimal("0.02"),
        max_digits=7,
        decimal_places=2,
        help_text="Business hours in the tier's queue before Red: more than Yellow.",
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "tier",
            "calendar",
            "yellow_after_hours",
            "red_after_hours",
            "yellow_after_minutes",
            "red_after_minutes",
            "pause_on_pending",
            "pause_on_waiting",
            "pause_on_hold",
            "green_target_percent",
        ]
        widgets = {
            "yellow_after_minutes": forms.HiddenInput,
            "red_after_minutes": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for hours, minutes in THRESHOLDS:
            self.fields[minutes].required = False
            stored = getattr(self.instance, minutes, None)
            if stored is not None:
                self.initial[hours] = (Decimal(stored) / 60).quantize(Decimal("0.01")).normalize()

    def clean(self):
        cleaned = super().clean()
        for hours, minutes in THRESHOLDS:
            if cleaned.get(hours) is not None:
                cleaned[minutes] = int((cleaned[hours] * 60).quantize(Decimal(1), ROUND_HALF_UP))
        return cleaned
