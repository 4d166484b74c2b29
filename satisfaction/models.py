"""One satisfaction survey per resolution of a ticket (a "round"): the question the customer is
asked once the ticket is resolved, and their answer.

The agent, tier and category are copied when the ticket is resolved, so the dashboard credits
the people and queue that resolved it even after the ticket moves on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .states import AnsweredVia, Rating


class Survey(models.Model):
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="satisfaction_surveys"
    )
    round = models.PositiveSmallIntegerField(
        help_text="1 for the ticket's first resolution, 2 after it was reopened and resolved again."
    )
    resolved_at = models.DateTimeField(help_text="When the ticket was resolved (this round).")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The ticket's assignee when it was resolved.",
    )
    tier = models.ForeignKey("tickets.Tier", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=32)
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_via = models.CharField(max_length=16, choices=AnsweredVia.choices, blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-resolved_at", "-id"]
        indexes = [models.Index(fields=["resolved_at", "id"], name="survey_resolved_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "round"],
                name="survey_one_per_round",
                violation_error_message="This ticket already has a survey for this round.",
            ),
            models.CheckConstraint(
                condition=Q(rating="", answered_at__isnull=True)
                | Q(rating__in=["good", "not_good"], answered_at__isnull=False),
                name="survey_rating_with_answered_at",
                violation_error_message="An answer needs its rating and its time.",
            ),
        ]

    def __str__(self) -> str:
        return f"Survey {self.round} of #{self.ticket_id}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
