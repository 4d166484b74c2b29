"""Seed 003-60 and 003-61: the partners support writes to (payment providers, channel managers…)
with their contacts, and the partners' own ticket numbers a ticket is waiting on."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Partner(models.Model):
    """A company support writes to about tickets (seed 003's partner list)."""

    name = models.CharField(max_length=100)
    website = models.URLField(blank=True, max_length=300)
    notes = models.TextField(
        blank=True, help_text="How to work with them: hours, escalation path, what to include."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="partner_name_unique",
                violation_error_message="A partner of this name already exists.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """One person (or inbox) at a partner. ``preferred`` is the handbook's YELLOW contacts: the
    ones to use; the side-thread form offers them."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=100)
    email = models.EmailField()
    role = models.CharField(max_length=100, blank=True)
    preferred = models.BooleanField(
        "use this contact",
        default=False,
        help_text="The handbook's YELLOW contacts: offered when starting a side thread.",
    )

    class Meta:
        ordering = ["-preferred", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                "partner",
                Lower("email"),
                name="partnercontact_once_per_partner",
                violation_error_message="This address is already a contact of the partner.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.partner})"


class PartnerTicket(models.Model):
    """A partner's own ticket about this ticket: their number and, when they have one, the
    link (http or https only: ``services.add_partner_ticket``)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="partner_tickets"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="tickets")
    reference = models.CharField(max_length=100, help_text="Their ticket number.")
    url = models.URLField(blank=True, max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "ticket",
                "partner",
                Lower("reference"),
                name="partnerticket_once_per_ticket",
                violation_error_message="This partner ticket is already recorded on the ticket.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.reference} on #{self.ticket_id}"
