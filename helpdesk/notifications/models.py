"""The outbox row. No logic in save(); ``services`` writes rows and ``sender`` delivers them.
Webhook endpoints and their delivery log: ``webhooks`` writes and delivers those rows."""

import secrets

from django.conf import settings
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
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="Text files sent with the email: [{filename, content_type, content}] "
        "(e.g. a calendar invitation), rendered with the email like its body.",
    )
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


class StaffEvent(models.TextChoices):
    """What a member of staff can be told about."""

    CUSTOMER_REPLIED = "customer_replied", "A customer replied"
    ASSIGNED = "assigned", "A ticket was assigned to you"
    ESCALATED = "escalated", "A ticket was escalated to your tier"
    MENTIONED = "mentioned", "You were @mentioned in an internal note"
    FOLLOWED_CHANGED = "followed_changed", "A ticket you follow changed"
    ON_CALL_PAGE = "on_call_page", "On-Call page"
    SLA_RED = "sla_red", "The SLA of your ticket turned Red"
    DOC_REQUEST_OPENED = "doc_request_opened", "Three duplicate answers without a doc (leads)"
    CSAT_NOT_GOOD = "csat_not_good", "A customer answered Not good about your tier's ticket"
    ACCOUNT_PROGRESS = "account_progress", "A ticket of an account you manage moved"
    HANDOVER = "handover", "A hand-over needs you (a previous-T3 nudge, an on-call log item)"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    IN_APP = "in_app", "In the desk"
    BOTH = "both", "Email and in the desk"
    NONE = "none", "Nothing"


class StaffSettings(models.Model):
    """A member of staff's email signature and how they want to be told about each event
    (``preferences``: event → channel; an event missing takes its default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_settings"
    )
    signature = models.TextField(
        blank=True, help_text="Added under your replies in the emails customers receive."
    )
    preferences = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "staff settings"
        verbose_name_plural = "staff settings"

    def __str__(self) -> str:
        return f"Settings of {self.user.get_username()}"


class InAppNotification(models.Model):
    """One line in a member of staff's notification centre (the bell on the desk)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inapp_notifications"
    )
    event = models.CharField(max_length=32, choices=StaffEvent.choices)
    ticket_number = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "in-app notification"
        verbose_name_plural = "in-app notifications"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's unread count and the list: one user's rows, newest first.
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="inapp_unread_idx",
            ),
            models.Index(fields=["user", "created_at", "id"], name="inapp_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} for {self.user.get_username()}: {self.title}"


def generate_secret() -> str:
    """A webhook endpoint's signing secret: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class WebhookFormat(models.TextChoices):
    JSON = "json", "JSON (signed event payload)"
    CHAT = "chat", 'Chat ({"text": …} for Slack, Mattermost and Teams incoming webhooks)'


class WebhookEndpoint(models.Model):
    """A URL of one of the team's other tools that is told about the events it subscribes to."""

    name = models.CharField(max_length=100, unique=True)
    url = models.URLField(max_length=500, help_text="Receives a POST per event (http or https).")
    secret = models.CharField(
        max_length=128,
        default=generate_secret,
        editable=False,
        help_text="Signs every delivery (X-Helpdesk-Signature). Generated; rotate it in the list.",
    )
    events = models.JSONField(
        default=list, blank=True, help_text="The event names this endpoint receives."
    )
    format = models.CharField(max_length=8, choices=WebhookFormat.choices, default="json")
    active = models.BooleanField(
        default=True,
        help_text="Inactive: no new deliveries; those already queued wait until it is active.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: the body fixed when the change was made, then attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=64)
    payload = models.JSONField(help_text="The event as JSON (the body itself in the JSON format).")
    body = models.TextField(help_text="Exactly what is POSTed and signed.")
    dedupe_key = models.CharField(
        max_length=255,
        unique=True,
        help_text="One delivery per event and endpoint; sent as X-Helpdesk-Delivery.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last answer (none: no answer)."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The delivery loop's query: pending rows whose attempt is due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="webhookdelivery_due_idx",
            ),
            models.Index(fields=["created_at", "id"], name="webhookdelivery_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.get_status_display()})"
