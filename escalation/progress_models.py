"""Seed 004-04's progress-update reminders: one row each time the assignee of an Open ticket
was told that the customer has heard nothing for the tier's
``TierRules.progress_update_business_days``. Imported by ``escalation.models`` so Django
registers it with the app."""

from django.conf import settings
from django.db import models


class ProgressReminder(models.Model):
    """The sweep (``services.remind_progress_updates``) skips a ticket reminded within the
    period, and the unique (ticket, day) makes a second run, or a second worker, a no-op."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="progress_reminders"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="progress_reminders",
        help_text="Who was reminded: the assignee, or the tier's lead when nobody is assigned.",
    )
    silent_since = models.DateTimeField(
        help_text="The last public reply to the customer (or the ticket's opening)."
    )
    reminded_at = models.DateTimeField()
    reminded_on = models.DateField()

    class Meta:
        ordering = ["-reminded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "reminded_on"],
                name="progress_reminder_once_a_day",
                violation_error_message="This ticket's assignee was already reminded that day.",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} reminded {self.reminded_at:%Y-%m-%d %H:%M}"
