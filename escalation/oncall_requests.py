"""Seed 003: "If it's during work hours, get a verification by your team lead … before
escalating on call." An escalation to On-Call made in working hours by an agent who is neither a
lead nor an authorized escalator is held here, with everything the agent wrote, until a lead
confirms it (then it is applied and the page goes out as always) or declines it with a reason.

The ticket stays in the tier it came from while it waits: nothing half-moved to undo.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tickets.models import Tier

from .models import Escalation
from .states import RequestState


class OnCallRequest(models.Model):
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="on_call_requests"
    )
    state = models.CharField(
        max_length=16, choices=RequestState.choices, default=RequestState.AWAITING
    )
    from_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    to_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    questions = models.JSONField(default=list)
    findings = models.TextField(blank=True)
    customer_message = models.TextField(blank=True)
    set_pending = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "On-Call confirmation request"
        verbose_name_plural = "On-Call confirmation requests"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(state="awaiting"),
                name="one_awaiting_on_call_request_per_ticket",
                violation_error_message="This ticket already waits for a lead's confirmation.",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} to {self.to_tier} ({self.get_state_display()})"
