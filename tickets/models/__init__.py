"""Organizations, customers, tickets and what hangs off them. No logic in save()."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django_fsm import ConcurrentTransitionMixin, FSMField

from ..states import (
    ACTIVE_STATUSES,
    PRIORITY_RANK,
    Category,
    FiledVia,
    Language,
    MessageKind,
    Party,
    Priority,
    Status,
)
from ..workflow import TicketWorkflow


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomerProfile(models.Model):
    """Makes a user a customer of an organization; a manager sees the organization's tickets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profile"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="customers"
    )
    is_manager = models.BooleanField(
        default=False, help_text="Sees every ticket of the organization in the portal."
    )

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.organization})"


class Tag(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_ci",
                violation_error_message="A tag with this name already exists (in any case).",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Tier(models.Model):
    """Triage, T1-T5, On-Call: a queue of tickets and the agents who work it.

    Its identity lives here; how tickets leave it is escalation's (``escalation.TierRules``) and
    its SLA is sla's (``sla.SlaPolicy``), each one-to-one with the tier.
    """

    code = models.CharField(
        max_length=20,
        unique=True,
        help_text="Short code agents and the API use to name the tier, e.g. T2.",
    )
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    level = models.PositiveSmallIntegerField(
        "order",
        unique=True,
        help_text="Order of escalation: Triage is 0, T5 is 5, On-Call last.",
    )
    description = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="tiers")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_tiers",
        help_text="Told when a ticket of this tier turns Yellow or Red.",
    )

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return self.name


class Ticket(ConcurrentTransitionMixin, TicketWorkflow, models.Model):
    """A customer's request. Its number is its primary key."""

    # Filled by prefetch_related, and by selectors.submitted_ticket for a ticket just opened.
    _prefetched_objects_cache: dict[str, models.QuerySet[Any]]

    subject = models.CharField(max_length=200)
    description = models.TextField(help_text="Markdown.")
    category = models.CharField(max_length=32, choices=Category.choices)
    priority = models.CharField(max_length=16, choices=Priority.choices)
    # The queue's sort key of ``priority`` (top 0, high 1, normal 2, low 3: PRIORITY_RANK), kept
    # by the database so that an index serves the queue's ORDER BY priority, then oldest.
    priority_order = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(priority=value.value, then=models.Value(rank))
                for value, rank in PRIORITY_RANK.items()
            ),
            default=models.Value(len(PRIORITY_RANK)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    status = FSMField(max_length=32, choices=Status.choices, default=Status.OPEN, protected=True)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_tickets"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tickets")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="tickets")
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    linked_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The closed ticket whose customer reply opened this one.",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agent who filed the ticket on the requester's behalf; empty when the "
        "requester filed it.",
    )
    filed_via = models.CharField(
        max_length=20,
        choices=FiledVia.choices,
        blank=True,
        default="",
        help_text="How the customer asked.",
    )

    # Intake fields of the portal form (seed 004's template).
    production_url = models.URLField(blank=True, max_length=500)
    version_seen = models.CharField("version shown on the page", max_length=100, blank=True)
    browser = models.CharField(max_length=200, blank=True)
    steps_to_reproduce = models.TextField(blank=True)
    error_text = models.TextField(blank=True)
    # Which full-text search configuration reads its text (``tickets.search``): set from its
    # tags by the tags services (``states.language_of``), inherited by a follow-up ticket.
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)

    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_customer_activity_at = models.DateTimeField(null=True, blank=True)
    last_staff_activity_at = models.DateTimeField(null=True, blank=True)
    last_word = models.CharField(max_length=16, choices=Party.choices, default=Party.CUSTOMER)

    # State-entry fields: set by the transitions, read by the timers.
    status_changed_at = models.DateTimeField()
    pending_since = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Due instants of the timers (``tickets.timers``): set when the status is entered, cleared
    # when it is left, so each sweep is one range query on a partial index. ``hold_until`` above
    # is the On Hold timer's.
    remind_at = models.DateTimeField(
        null=True, blank=True, help_text="Pending: when the reminder email is due."
    )
    auto_resolve_at = models.DateTimeField(
        null=True, blank=True, help_text="Pending, reminder sent: when it resolves itself."
    )
    wait_until = models.DateTimeField(
        null=True, blank=True, help_text="Waiting on Customer: when it goes back to Open."
    )
    close_at = models.DateTimeField(
        null=True, blank=True, help_text="Resolved: when it closes itself."
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "tier", "created_at", "id"], name="ticket_queue_idx"),
            # The desk queue: top priority first, then oldest. Its default view (every active
            # status) walks the partial index, one status (a tab) the second, All the third.
            models.Index(
                fields=["priority_order", "created_at", "id"],
                condition=Q(status__in=sorted(s.value for s in ACTIVE_STATUSES)),
                name="ticket_desk_active_idx",
            ),
            models.Index(
                fields=["status", "priority_order", "created_at", "id"],
                # PostgreSQL: the queue's other filters, so its capped counts per status are
                # index-only scans whatever the filters.
                include=["tier", "category", "assignee"],
                name="ticket_desk_status_idx",
            ),
            models.Index(fields=["priority_order", "created_at", "id"], name="ticket_desk_all_idx"),
            # The default view sorted by age or by last activity (either way: a backward scan).
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=sorted(s.value for s in ACTIVE_STATUSES)),
                name="ticket_desk_created_idx",
            ),
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status__in=sorted(s.value for s in ACTIVE_STATUSES)),
                name="ticket_desk_activity_idx",
            ),
            models.Index(fields=["tier", "created_at", "id"], name="ticket_tier_idx"),
            # The desk queue's live poll: "did any ticket change since?" is one index probe.
            models.Index(fields=["updated_at"], name="ticket_updated_idx"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_idx"),
            models.Index(fields=["requester", "created_at"], name="ticket_requester_idx"),
            models.Index(fields=["organization", "created_at"], name="ticket_org_idx"),
            # One per timer sweep: WHERE status = <state> AND <due> <= now ORDER BY <due>, id.
            models.Index(
                fields=["remind_at", "id"],
                condition=Q(status=Status.PENDING),
                name="ticket_remind_due_idx",
            ),
            models.Index(
                fields=["auto_resolve_at", "id"],
                condition=Q(status=Status.PENDING),
                name="ticket_autoresolve_due_idx",
            ),
            models.Index(
                fields=["wait_until", "id"],
                condition=Q(status=Status.WAITING_ON_CUSTOMER),
                name="ticket_wait_due_idx",
            ),
            models.Index(
                fields=["hold_until", "id"],
                condition=Q(status=Status.ON_HOLD),
                name="ticket_hold_due_idx",
            ),
            models.Index(
                fields=["close_at", "id"],
                condition=Q(status=Status.RESOLVED),
                name="ticket_close_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def number(self) -> int:
        return self.pk


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=32, choices=MessageKind.choices)
    body = models.TextField(help_text="Markdown.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ticket_messages",
        help_text="Empty for system notes.",
    )
    created_at = models.DateTimeField()
    side_thread = models.ForeignKey(
        "tickets.SideThread",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        help_text="Internal notes only: the side thread with a third party it belongs to.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(side_thread__isnull=True) | Q(kind=MessageKind.INTERNAL_NOTE),
                name="message_side_thread_is_internal",
                violation_error_message="A message in a side thread must be an internal note.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind in {MessageKind.PUBLIC_REPLY, MessageKind.CUSTOMER_REPLY}


from .attachments import Attachment, attachment_path  # noqa: E402, F401  files on a ticket
from .findings import TicketFindings  # noqa: E402  a ticket's cause, fix and workaround
from .live import PRESENCE_TTL, TicketPresence  # noqa: E402  who has a ticket open on the desk
from .mail import SideThread, TicketCC  # noqa: E402  the email side of a ticket
from .partners import Partner, PartnerContact, PartnerTicket  # noqa: E402  seed 003-60, 003-61
from .profiles import (  # noqa: E402  the organization's profile, Deep Dive and documents
    DeepDiveVersion,
    OrganizationDocument,
    OrganizationProfile,
    PreferredContact,
    ProfileChange,
)
from .saved_views import SavedView  # noqa: E402  the desk queue's saved views
from .scope import (  # noqa: E402  what support declines, and the intake's confirmation
    DEFAULT_DECLINE_TEXTS,
    IntakeConfirmation,
    OutOfScopeReason,
    OutOfScopeReply,
    QuestionDiscussed,
)
from .search import SearchDocument  # noqa: E402  the full-text index of tickets and messages
from .timers import TimerPolicy  # noqa: E402  how long a ticket waits in a status
from .transitions import TransitionLog  # noqa: E402  every status change, for the timeline

__all__ = [
    "DEFAULT_DECLINE_TEXTS",
    "PRESENCE_TTL",
    "Attachment",
    "CustomerProfile",
    "DeepDiveVersion",
    "IntakeConfirmation",
    "Message",
    "Organization",
    "OrganizationDocument",
    "OrganizationProfile",
    "OutOfScopeReason",
    "OutOfScopeReply",
    "Partner",
    "PartnerContact",
    "PartnerTicket",
    "PreferredContact",
    "ProfileChange",
    "QuestionDiscussed",
    "SavedView",
    "SearchDocument",
    "SideThread",
    "Tag",
    "Ticket",
    "TicketCC",
    "TicketFindings",
    "TicketPresence",
    "Tier",
    "TimerPolicy",
    "TransitionLog",
]
