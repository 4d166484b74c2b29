"""A ticket's findings (seed 004): the cause, what was tried, the fix or a temporary workaround,
whether a doc should change, and the part the customer may read. One row per ticket; the rules
live in ``tickets.services.findings``.

``cause``, ``tried``, ``fix`` and ``doc_note`` are internal: never shown to a customer.
``customer_summary`` is shown to the customer only when it is sent as a public reply, or, while
``workaround_active``, on their ticket page as the workaround they can use.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..states import DocChange, Outcome

TEXT_MAX_LENGTH = 10_000
DOC_NOTE_MAX_LENGTH = 300


class TicketFindings(models.Model):
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="findings"
    )
    cause = models.TextField(blank=True, help_text="Markdown. Internal.")
    tried = models.TextField("tried, did not help", blank=True, help_text="Markdown. Internal.")
    fix = models.TextField(
        "fix or workaround", help_text="Markdown. Internal: what was done, step by step."
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.FIX)
    doc_change = models.CharField(max_length=16, choices=DocChange.choices, default=DocChange.NONE)
    doc_note = models.CharField(
        "doc note", max_length=DOC_NOTE_MAX_LENGTH, blank=True, help_text="What should change."
    )
    customer_summary = models.TextField(
        blank=True, help_text="Markdown. The part the customer may read."
    )
    workaround_active = models.BooleanField(
        default=False, help_text="A temporary workaround is in place; the real fix is pending."
    )
    workaround_since = models.DateTimeField(null=True, blank=True)
    message = models.OneToOneField(
        "tickets.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The internal text staff search reads (kind Findings).",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded or last changed them.",
    )
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "findings"
        verbose_name_plural = "findings"
        constraints = [
            models.CheckConstraint(
                condition=Q(workaround_active=False) | Q(workaround_since__isnull=False),
                name="findings_workaround_has_since",
                violation_error_message="A workaround in place says since when.",
            )
        ]

    def __str__(self) -> str:
        return f"Findings on #{self.ticket_id}"
