"""Macros: canned replies with placeholders and optional actions, and every use of one.

A macro is written in one language (English or Spanish); two macros with the same shortcut in
the two languages are variants of one answer, and the ticket's language picks which one an agent
gets (``selectors_macros.pick_variant``). Who may use a macro is its scope: one person, a tier,
a team, or everyone. No logic here: the rules live in ``services.macros`` and
``policies_macros``.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from escalation.models import Team
from tickets.models import Ticket, Tier
from tickets.states import Category, Language, Priority

SHORTCUT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,19}$"


class MacroScope(models.TextChoices):
    PERSON = "person", "One person"
    TIER = "tier", "A tier"
    TEAM = "team", "A team"
    EVERYONE = "everyone", "Everyone"


class MacroStatus(models.TextChoices):
    """The status a macro may move a ticket to with the reply: the manual transitions that ask
    for nothing more (Hold wants days, Review a reason)."""

    SET_PENDING = "set_pending", "Pending"
    WAIT_ON_CUSTOMER = "wait_on_customer", "Waiting on Customer"
    RESOLVE = "resolve", "Resolved"
    CLOSE = "close", "Closed"


class Macro(models.Model):
    name = models.CharField(max_length=100)
    shortcut = models.CharField(
        max_length=20,
        validators=[
            RegexValidator(
                SHORTCUT_PATTERN,
                "A shortcut is 1 to 20 lower-case letters, digits or dashes, such as fr1.",
            )
        ],
        help_text="Typed as /shortcut at the start of the reply box, e.g. fr1. The same "
        "shortcut in the other language is this macro's other variant.",
    )
    language = models.CharField(
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="A ticket in this language gets this variant.",
    )
    body = models.TextField(
        "text",
        help_text="Markdown. Placeholders: {{ customer.first_name }}, {{ ticket.number }}, "
        "{{ ticket.subject }}, {{ agent.name }}, {{ agent.signature }}, "
        "{{ organization.name }}.",
    )
    scope = models.CharField(
        "who may use it", max_length=16, choices=MacroScope.choices, default=MacroScope.PERSON
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        help_text="The person, for a personal macro.",
    )
    tier = models.ForeignKey(
        Tier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        help_text="For a tier's macro: its agents, and anyone on a ticket in it.",
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        help_text="For a team's macro: its members.",
    )

    # Actions applied with the reply, through the ticket services.
    set_status = models.CharField(
        "then set status", max_length=32, choices=MacroStatus.choices, blank=True
    )
    add_tags = models.CharField(
        "then add tags", max_length=500, blank=True, help_text="Separated by commas."
    )
    set_category = models.CharField(
        "then set category", max_length=32, choices=Category.choices, blank=True
    )
    set_priority = models.CharField(
        "then set priority", max_length=16, choices=Priority.choices, blank=True
    )
    link_article = models.PositiveBigIntegerField(
        "then link article",
        null=True,
        blank=True,
        help_text="The number of a knowledge-base article to link to the ticket as its answer.",
    )

    # Kept with each use (``MacroUse``) so the leads' list reads them without counting.
    use_count = models.PositiveIntegerField("uses", default=0)
    last_used_at = models.DateTimeField("last used", null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["shortcut", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("shortcut"),
                "language",
                name="macro_shortcut_language_unique",
                violation_error_message="A macro with this shortcut already exists in this "
                "language.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope=MacroScope.PERSON,
                        owner__isnull=False,
                        tier__isnull=True,
                        team__isnull=True,
                    )
                    | Q(
                        scope=MacroScope.TIER,
                        owner__isnull=True,
                        tier__isnull=False,
                        team__isnull=True,
                    )
                    | Q(
                        scope=MacroScope.TEAM,
                        owner__isnull=True,
                        tier__isnull=True,
                        team__isnull=False,
                    )
                    | Q(
                        scope=MacroScope.EVERYONE,
                        owner__isnull=True,
                        tier__isnull=True,
                        team__isnull=True,
                    )
                ),
                name="macro_scope_names_its_owner",
                violation_error_message="A macro names exactly the owner its scope asks for: a "
                "person, a tier, a team, or nobody for everyone.",
            ),
        ]
        indexes = [models.Index(fields=["last_used_at"], name="macro_last_used_idx")]

    def __str__(self) -> str:
        return f"/{self.shortcut} {self.name} ({self.get_language_display()})"


class MacroUse(models.Model):
    """One reply sent with a macro: counted when the reply is sent, never on insert."""

    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="uses")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "macro use"
        indexes = [models.Index(fields=["macro", "at"], name="macro_use_macro_at_idx")]

    def __str__(self) -> str:
        return f"/{self.macro.shortcut} on #{self.ticket_id}"
