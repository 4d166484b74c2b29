"""Tiers' escalation rules, teams, agents' escalation profile, the on-call rota, escalations
and on-call alerts.

No logic in save(): ``escalation.services`` writes every row a person or a sweep can cause.
A tier itself (code, name, order, members, lead) is ``tickets.Tier``; this app adds its rules
(``TierRules``, one per tier), as ``sla.SlaPolicy`` adds its calendar and SLA thresholds.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from tickets.models import Tier

from .states import (
    AlertState,
    CommentRule,
    Direction,
    DownOutcome,
    PageStep,
    WebhookStatus,
)


class TierRules(models.Model):
    """How tickets leave one tier: the time-boxes and transition-comment rule of an escalation
    out of it, and, for the on-call tier, when the acknowledgement chain pages.

    One per tier, the way ``sla.SlaPolicy`` holds a tier's SLA; a tier without rules escalates
    with the defaults below (``selectors.rules_of``).
    """

    tier = models.OneToOneField(
        Tier, on_delete=models.CASCADE, primary_key=True, related_name="rules"
    )
    research_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Time-box to find the solution before escalating (seed 003: T1 5, T2 15, T3 20).",
    )
    answer_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Time-box to write the answer once found (T1 5, T2 15).",
    )
    transition_comment = models.CharField(
        max_length=16,
        choices=CommentRule.choices,
        default=CommentRule.NEVER,
        help_text="When an agent escalating out of this tier must also write to the customer.",
    )
    is_on_call = models.BooleanField(
        "on-call tier",
        default=False,
        help_text="Tickets escalated here must be acknowledged, or the on-call chain pages.",
    )
    page_after_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(1)],
        help_text="On-call tier: page when a ticket is not acknowledged within this many minutes.",
    )
    contact_list_after_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1)],
        help_text="On-call tier: notify the contact list this many minutes after the page.",
    )
    progress_update_business_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Seed 004-04: remind the assignee of an Open ticket to update the customer when the "
            "customer has had no public reply for this many business days. Empty: no reminder."
        ),
    )
    lead_confirms_in_hours = models.BooleanField(
        "a lead confirms in working hours",
        default=False,
        help_text="On-call tier: in working hours (the escalating tier's SLA calendar) a lead "
        "confirms an escalation here before the page goes out; out of hours it pages at once. "
        "Leads and authorized escalators skip the confirmation (seed 003).",
    )

    class Meta:
        verbose_name = "escalation rules"
        verbose_name_plural = "escalation rules"
        ordering = ["tier__level"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_on_call"],
                condition=Q(is_on_call=True),
                name="one_on_call_tier",
                violation_error_message="Another tier is already the on-call tier.",
            )
        ]

    def __str__(self) -> str:
        return f"Escalation rules of {self.tier}"

    @property
    def time_box(self) -> str:
        """ "15 + 15 min" for the escalation dialog; empty when the tier has none."""
        parts = [m for m in (self.research_minutes, self.answer_minutes) if m]
        return " + ".join(str(m) for m in parts) + " min" if parts else ""


class Team(models.Model):
    """Engagement, Product, Marketing: where a ticket goes that is not a tier's to answer."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    email = models.EmailField(blank=True, help_text="The team's inbox; told when a ticket arrives.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    """What escalation needs to know about an agent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_profile"
    )
    speaks_spanish = models.BooleanField(
        default=False, help_text="May be assigned tickets tagged Spanish."
    )
    authorized_escalator = models.BooleanField(
        default=False,
        help_text="Paged with the on-call agent when an On-Call ticket is not acknowledged.",
    )
    phone = models.CharField(max_length=40, blank=True)
    webhook_url = models.URLField(
        blank=True, max_length=500, help_text="Optional: pages are also POSTed here as JSON."
    )
    # Seed 000's Experts list: "teammates knowledgeable on specific topics". Stored as one line,
    # comma-separated, as the agent wrote them; ``escalation.services.experts`` cleans them.
    topics = models.CharField(
        max_length=500,
        blank=True,
        help_text="What colleagues may ask you about, comma-separated (e.g. invoicing, Stripe).",
    )

    def __str__(self) -> str:
        return f"Agent profile of {self.user.get_username()}"


class OnCallShift(models.Model):
    """The rota: who is on call from when until when."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "on-call shift"
        verbose_name_plural = "on-call shifts"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="shift_ends_after_start",
                violation_error_message="An on-call shift must end after it starts.",
            )
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="shift_window_idx")]

    def __str__(self) -> str:
        return f"{self.agent.get_username()} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class OnCallContact(models.Model):
    """The contact list: notified when the on-call page is not answered either."""

    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    webhook_url = models.URLField(blank=True, max_length=500)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the list.")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "on-call contact"
        verbose_name_plural = "on-call contacts"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """One move of a ticket between tiers, with its structured transition comment."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="escalations"
    )
    direction = models.CharField(max_length=8, choices=Direction.choices)
    from_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    to_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    questions = models.JSONField(default=list, blank=True, help_text="Up: the numbered questions.")
    findings = models.TextField(blank=True, help_text="What was found so far (or the answer).")
    customer_message = models.TextField(
        blank=True, help_text="The public transition comment sent to the customer."
    )
    outcome = models.CharField(max_length=16, choices=DownOutcome.choices, blank=True)
    doc_url = models.URLField(blank=True, max_length=500)
    known_issue = models.CharField(max_length=120, blank=True)
    is_reescalation = models.BooleanField(default=False)
    tags_added = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="Added Process Tweak or Missed Doc Review: on the weekly review."
    )
    note = models.ForeignKey(
        "tickets.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    public_reply = models.ForeignKey(
        "tickets.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["ticket", "at"], name="escalation_ticket_idx"),
            models.Index(
                fields=["at", "id"], condition=Q(needs_review=True), name="escalation_review_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} {self.from_tier} → {self.to_tier}"


class TicketRouting(models.Model):
    """Where a ticket stands outside the tiers: the team it was sent to, the Product flag."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, primary_key=True, related_name="routing"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    team_reason = models.TextField(blank=True)
    sent_to_team_at = models.DateTimeField(null=True, blank=True)
    sent_to_team_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notify_product = models.BooleanField(default=False)
    product_flagged_at = models.DateTimeField(null=True, blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_tickets"
    )

    class Meta:
        verbose_name = "ticket routing"

    def __str__(self) -> str:
        return f"Routing of #{self.ticket_id}"


class OnCallAlert(models.Model):
    """The acknowledgement chain of one ticket escalated to the on-call tier.

    ``page_at`` is due while Waiting, ``contact_at`` while Paged: each sweep is one range query
    on a partial index, and each step moves the alert to the next state.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="alerts")
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=16, choices=AlertState.choices, default=AlertState.WAITING)
    raised_at = models.DateTimeField()
    page_at = models.DateTimeField(null=True, blank=True)
    paged_at = models.DateTimeField(null=True, blank=True)
    contact_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "on-call alert"
        verbose_name_plural = "on-call alerts"
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(state__in=["waiting", "paged", "contacted"]),
                name="one_open_alert_per_ticket",
                violation_error_message="This ticket already has an open on-call alert.",
            )
        ]
        indexes = [
            models.Index(
                fields=["page_at", "id"], condition=Q(state="waiting"), name="alert_page_due_idx"
            ),
            models.Index(
                fields=["contact_at", "id"],
                condition=Q(state="paged"),
                name="alert_contact_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"On-call alert for #{self.ticket_id} ({self.get_state_display()})"


class Page(models.Model):
    """One step of an alert sent to one person: the record that it went out exactly once.

    The email goes through the outbox (same dedupe key); the optional webhook is delivered from
    here by ``escalation.webhooks``, with retries.
    """

    alert = models.ForeignKey(OnCallAlert, on_delete=models.CASCADE, related_name="pages")
    step = models.CharField(max_length=16, choices=PageStep.choices)
    recipient = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    webhook_url = models.URLField(blank=True, max_length=500)
    dedupe_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField()
    webhook_status = models.CharField(
        max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.NONE
    )
    webhook_attempts = models.PositiveSmallIntegerField(default=0)
    webhook_next_at = models.DateTimeField(null=True, blank=True)
    webhook_sent_at = models.DateTimeField(null=True, blank=True)
    webhook_last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["webhook_next_at", "id"],
                condition=Q(webhook_status="pending"),
                name="page_webhook_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} to {self.recipient}"


# Seed 003's lead confirmation before On-Call lives in a module of its own.
from .oncall_requests import OnCallRequest as OnCallRequest  # noqa: E402

# Seed 004-04's progress-update reminders live in a module of their own.
from .progress_models import ProgressReminder  # noqa: E402, F401

# The Triage and T3 rotas live in a module of their own; imported so Django registers them.
from .rota_models import RotaShift, T3Nudge  # noqa: E402, F401
