"""Time entries, running timers, support packs, technical calls and follow-ups. No logic in
save()."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .states import Activity, CallStatus


class SupportPack(models.Model):
    """Prepaid hours an organization bought; billable time on its tickets draws them down."""

    organization = models.ForeignKey(
        "tickets.Organization", on_delete=models.PROTECT, related_name="support_packs"
    )
    reference = models.CharField(max_length=100, help_text="Subscription or pack reference.")
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    valid_from = models.DateField()
    valid_until = models.DateField()
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consulted_packs",
        help_text="Told by email when 80% and 100% of the pack are used.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="supportpack_hours_positive",
                violation_error_message="A support pack holds more than 0 hours.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="supportpack_valid_range",
                violation_error_message="A support pack must end on or after the day it starts.",
            ),
        ]
        indexes = [models.Index(fields=["organization", "valid_until"], name="pack_org_idx")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.organization}, {self.hours} h)"


class TimeEntry(models.Model):
    """Time an agent spent on a ticket (or one of its tasks), or on self-learning."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        help_text="Set for every entry except self-learning; a task's entry names its ticket.",
    )
    task = models.ForeignKey(
        "engineering.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    activity = models.CharField(max_length=16, choices=Activity.choices)
    billable = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    support_pack = models.ForeignKey(
        SupportPack,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        help_text="The pack this billable time drew down.",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "time entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60),
                name="timeentry_minutes_range",
                violation_error_message="A time entry lasts from 1 minute to 24 hours.",
            ),
            models.CheckConstraint(
                condition=~Q(activity=Activity.SELF_LEARNING) | Q(billable=False),
                name="timeentry_self_learning_not_billable",
                violation_error_message="Self-learning is never billable.",
            ),
            models.CheckConstraint(
                condition=Q(ticket__isnull=False) | Q(activity=Activity.SELF_LEARNING),
                name="timeentry_ticket_unless_self_learning",
                violation_error_message="Time needs a ticket, unless it is self-learning.",
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=True) | Q(ticket__isnull=False),
                name="timeentry_task_names_its_ticket",
                violation_error_message="Time on a task also names the task's ticket.",
            ),
        ]
        indexes = [
            models.Index(fields=["ticket", "date"], name="timeentry_ticket_idx"),
            models.Index(fields=["task", "date"], name="timeentry_task_idx"),
            models.Index(fields=["agent", "date"], name="timeentry_agent_idx"),
            models.Index(fields=["date"], name="timeentry_date_idx"),
            models.Index(fields=["support_pack"], name="timeentry_pack_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min {self.get_activity_display()} by {self.agent}"


class RunningTimer(models.Model):
    """A started, not yet stopped timer: at most one per agent. Stopping it logs an entry."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="running_timer"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    task = models.ForeignKey(
        "engineering.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.CharField(max_length=16, choices=Activity.choices)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Timer of {self.agent} since {self.started_at:%H:%M}"


class TechnicalCall(models.Model):
    """A call with the customer booked on a ticket (seed 000): at most one per agent per day."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="technical_calls"
    )
    task = models.ForeignKey(
        "engineering.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_calls",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="technical_calls"
    )
    scheduled_at = models.DateTimeField()
    scheduled_on = models.DateField(help_text="The agent's local date of the call.")
    status = models.CharField(
        max_length=16, choices=CallStatus.choices, default=CallStatus.SCHEDULED
    )
    waited_minutes = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    meeting_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="The meeting link sent to the customer (http or https).",
    )
    offered_slots = models.JSONField(
        default=list,
        blank=True,
        help_text="The times offered to the customer (ISO 8601, UTC); the call is booked at "
        "the first one.",
    )
    summary = models.TextField(
        blank=True, help_text="What was agreed on the call: emailed to the customer (public)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "scheduled_on"],
                condition=~Q(status=CallStatus.CANCELED),
                name="one_call_per_agent_per_day",
                violation_error_message="This agent already has a call booked that day.",
            )
        ]

    def __str__(self) -> str:
        return f"Call on #{self.ticket_id} at {self.scheduled_at:%Y-%m-%d %H:%M}"


class FollowUp(models.Model):
    """An activity in an agent's list: follow up on a ticket on a day (a week after a call)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="follow_up_activities"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField()
    note = models.CharField(max_length=300)
    call = models.OneToOneField(
        TechnicalCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "follow-up"
        verbose_name_plural = "follow-ups"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agent", "done_at", "due_on"], name="followup_agent_idx")]

    def __str__(self) -> str:
        return f"Follow up #{self.ticket_id} on {self.due_on}"
