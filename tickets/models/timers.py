"""The timer policies: how long a ticket waits in a status before the helpdesk acts."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class TimerPolicy(models.Model):
    """How long a ticket waits in a status before the helpdesk acts: one row per timer.

    A change applies to tickets entering the status afterwards; tickets already waiting keep
    the due instant computed when they entered it.
    """

    class Timer(models.TextChoices):
        PENDING_REMINDER = "pending_reminder", "Pending: reminder to the customer"
        PENDING_AUTO_RESOLVE = "pending_auto_resolve", "Pending: resolve after the reminder"
        WAITING_EXPIRY = "waiting_expiry", "Waiting on Customer: back to Open"
        HOLD_EXPIRY = "hold_expiry", "On Hold: back to Open (the agent picks the days)"
        AUTO_CLOSE = "auto_close", "Resolved: close"

    class Unit(models.TextChoices):
        CALENDAR_DAYS = "calendar_days", "calendar days"
        BUSINESS_DAYS = "business_days", "business days (Monday to Friday)"

    timer = models.CharField(max_length=32, choices=Timer.choices, unique=True)
    days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="How long. Leave empty for On Hold: the agent chooses the days per ticket.",
    )
    unit = models.CharField(max_length=16, choices=Unit.choices, default=Unit.CALENDAR_DAYS)

    class Meta:
        ordering = ["timer"]
        verbose_name_plural = "timer policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(timer="hold_expiry", days__isnull=True)
                | (~Q(timer="hold_expiry") & Q(days__isnull=False, days__gte=1, days__lte=365)),
                name="timerpolicy_days_fit_the_timer",
                violation_error_message=(
                    "Hold expiry takes no days (each hold sets its own); every other timer "
                    "needs 1 to 365 days."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.days is None:
            return f"{self.get_timer_display()}: {self.get_unit_display()}"
        return f"{self.get_timer_display()}: {self.days} {self.get_unit_display()}"

    def clean(self) -> None:
        if self.timer == self.Timer.HOLD_EXPIRY and self.days is not None:
            raise ValidationError({"days": "The agent chooses the days of each hold: leave empty."})
        if self.timer != self.Timer.HOLD_EXPIRY and self.days is None:
            raise ValidationError({"days": "Say how many days."})
