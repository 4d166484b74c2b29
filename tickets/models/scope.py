"""What paid support does not do (seed 000: no functional advice, training or live coding) and
the polite reply sent when a ticket asks for it; and the customer's answer to "is this what you
told us?" about the intake summary (seed 004)."""

from django.conf import settings
from django.db import models


class OutOfScopeReason(models.TextChoices):
    FUNCTIONAL_ADVICE = "functional_advice", "Functional advice"
    TRAINING = "training", "Training"
    LIVE_CODING = "live_coding", "Live coding"


DEFAULT_DECLINE_TEXTS = {
    OutOfScopeReason.FUNCTIONAL_ADVICE: (
        "Thank you for your question. Paid technical support covers errors and problems in how "
        "the software works; advice on how to set it up for your business (functional advice) "
        "is outside what support can give. Your functional consultant is the right person for "
        "this question."
    ),
    OutOfScopeReason.TRAINING: (
        "Thank you for your message. Paid technical support covers errors and problems in how "
        "the software works; training on how to use it is outside what support can give. Your "
        "account manager can arrange training for your team."
    ),
    OutOfScopeReason.LIVE_CODING: (
        "Thank you for your message. Paid technical support investigates and fixes problems; "
        "writing or reviewing code live with you is outside what support can give. Your account "
        "manager can arrange a development engagement."
    ),
}


class OutOfScopeReply(models.Model):
    """The reply sent for one reason, as the admin wrote it (a reason without a row uses
    ``DEFAULT_DECLINE_TEXTS``)."""

    reason = models.CharField(max_length=32, choices=OutOfScopeReason.choices, unique=True)
    body = models.TextField(help_text="Markdown: the public reply the customer receives.")

    class Meta:
        verbose_name = "out-of-scope reply"
        ordering = ["reason"]

    def __str__(self) -> str:
        return self.get_reason_display()


class QuestionDiscussed(models.Model):
    """Seed 001: a Question is discussed with the customer before work starts. An agent records
    it; engineering refuses a task on a Question ticket until then."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="question_discussed"
    )
    note = models.TextField(blank=True, help_text="What was agreed with the customer.")
    discussed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    discussed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"#{self.ticket_id} discussed"


class IntakeConfirmation(models.Model):
    """The customer's answer about the intake summary shown on the portal (seed 004)."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="intake_confirmation"
    )
    correct = models.BooleanField()
    comment = models.TextField(blank=True, help_text="What is wrong, in the customer's words.")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"#{self.ticket_id}: {'correct' if self.correct else 'something is wrong'}"
