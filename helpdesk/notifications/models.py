"""The outbox row. No logic in save(); ``services`` writes rows and ``sender`` delivers them."""

from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One email to one recipient, rendered when the change that causes it was made."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"

    kind = models.CharField(max_length=64, help_text="What the email is, e.g. ticket_received.")
    recipient = models.EmailField()
    cc = models.JSONField(default=list, blank=True, help_text="Addresses copied on the email.")
    reply_to = models.CharField(
        max_length=254, blank=True, help_text="Where the recipient's answer goes (per ticket)."
    )
    message_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The Message-ID header, stored so an answer's In-Reply-To finds its ticket.",
    )
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True, help_text="The References header: Message-IDs.")
    ticket_number = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The ticket it is about: a number, not a link (the outbox knows no app).",
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    dedupe_key = models.CharField(
        max_length=255,
        unique=True,
        help_text="One email per key, however often the change that causes it is replayed.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(help_text="The sender leaves the row alone until then.")
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sender's query: pending rows whose attempt is due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="notification_due_idx",
            ),
            models.Index(fields=["created_at", "id"], name="notification_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.get_status_display()})"
