"""Mailboxes and the log of every message received. No logic in save()."""

from django.db import models
from django.db.models import Q

from tickets.states import Category, FiledVia

from .states import Result, Source, UnknownSender


class Mailbox(models.Model):
    """An IMAP mailbox the helpdesk polls (Gmail, Microsoft 365, any IMAP server). The password
    is never stored: ``password_env`` names the environment variable that holds it."""

    name = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    use_tls = models.BooleanField(
        "TLS", default=True, help_text="Implicit TLS (port 993); off: plain IMAP (port 143)."
    )
    username = models.CharField(max_length=255)
    password_env = models.CharField(
        "password environment variable",
        max_length=100,
        help_text="The name of the environment variable holding the password, e.g. "
        "HELPDESK_IMAP_PASSWORD. The password itself is never stored here.",
    )
    folder = models.CharField(max_length=255, default="INBOX")
    processed_folder = models.CharField(
        max_length=255,
        blank=True,
        help_text="Move each message here once stored; empty: mark it seen and leave it.",
    )
    default_category = models.CharField(
        max_length=32,
        choices=Category.choices,
        default=Category.QUESTION,
        help_text="The category of tickets opened by email.",
    )
    unknown_sender = models.CharField(
        max_length=16, choices=UnknownSender.choices, default=UnknownSender.REFUSE
    )
    filed_via = models.CharField(
        "files new tickets as",
        max_length=20,
        choices=FiledVia.choices,
        default=FiledVia.EMAIL,
        help_text="How the tickets this mailbox opens were asked: Email, or Forum for a mailbox "
        "that receives the forum's notification emails (seed 003-54).",
    )
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return self.name


class ReceivedMail(models.Model):
    """One message received, whatever became of it: the inbound counterpart of the outbox."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, null=True, blank=True, related_name="received"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    message_id = models.CharField(
        max_length=255,
        help_text="The Message-ID header, or a stable hash of the message when it has none.",
    )
    dedupe_key = models.CharField(
        max_length=300,
        unique=True,
        help_text="Mailbox and Message-ID: a message fetched twice is stored once.",
    )
    sender = models.EmailField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField()
    result = models.CharField(max_length=16, choices=Result.choices)
    reason = models.TextField(blank=True, help_text="Why it was discarded, refused or failed.")
    ticket_number = models.PositiveBigIntegerField(null=True, blank=True)
    ticket_message_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The ticket message it became, if any."
    )
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "received mail"
        verbose_name_plural = "received mail"
        indexes = [
            models.Index(fields=["message_id"], name="receivedmail_msgid_idx"),
            models.Index(fields=["sender", "received_at"], name="receivedmail_sender_idx"),
            models.Index(
                fields=["ticket_number"],
                condition=Q(ticket_number__isnull=False),
                name="receivedmail_ticket_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()}: {self.subject or '(no subject)'} from {self.sender}"
