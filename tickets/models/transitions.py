"""Every status change of a ticket: its timeline's status lines."""

from django.db import models

from helpdesk.core import fsm

from ..states import Status


class TransitionLog(fsm.TransitionLog):
    """Every status change: who, when, from, to, why. Shown on the ticket's timeline."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=32, choices=Status.choices)
    to_status = models.CharField(max_length=32, choices=Status.choices)

    class Meta(fsm.TransitionLog.Meta):
        indexes = [models.Index(fields=["ticket", "created_at"], name="transition_ticket_idx")]

    def __str__(self) -> str:
        return f"#{self.ticket_id}: {self.from_status} → {self.to_status}"
