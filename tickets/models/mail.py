"""The email side of a ticket: the customer's copied addresses and the side threads with third
parties. Their messages are ``Message`` rows; a side thread's are internal notes, never public.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class TicketCC(models.Model):
    """An address copied on the customer's side of a ticket (seed 000's "the customer's best
    email"): it receives the public replies, never an internal note. Added by an agent, or from
    the CCs of the customer's own email."""

    class Source(models.TextChoices):
        EMAIL = "email", "Copied on the customer's email"
        AGENT = "agent", "Added by an agent"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="ccs")
    email = models.EmailField()
    source = models.CharField(max_length=8, choices=Source.choices)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = "ticket CC"
        constraints = [
            models.UniqueConstraint(
                "ticket",
                Lower("email"),
                name="ticketcc_once_per_ticket",
                violation_error_message="This address is already copied on the ticket.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} on #{self.ticket_id}"


class SideThread(models.Model):
    """An email conversation about a ticket with a third party (a partner, a vendor, an internal
    list such as dev@ or tier2@), seed 003. Its messages are internal: the customer never sees
    them, in any channel."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="side_threads"
    )
    subject = models.CharField(max_length=200)
    to = models.JSONField(help_text="The addresses written to.")
    cc = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"Side thread {self.pk} on #{self.ticket_id}: {self.subject}"

    @property
    def participants(self) -> list[str]:
        """Everyone on the thread: who may answer into it."""
        return [*self.to, *self.cc]
