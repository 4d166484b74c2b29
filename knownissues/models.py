"""Known issues, their ticket links, status-page posts, bulk answers and the on-call log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .states import BulkAnswerState, FixPath, IssueStatus, LogKind


def public_name(public_title: str, title: str) -> str:
    """The name the public status page gives an incident: its public title, else its title.
    The one place of that rule (the status page's selector and the posting preview use it)."""
    return public_title or title


class KnownIssue(models.Model):
    """An ongoing problem shared by many tickets. Its number is its primary key; tickets that
    match it carry the tag ``<number>-<slug>``."""

    title = models.CharField(max_length=200, help_text="Changelog style, e.g. 'Fixed: …'.")
    slug = models.SlugField(max_length=60, help_text="A couple of words for the ticket tag.")
    public_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The incident's name on the public status page, e.g. 'Card payments fail'. "
        "Empty: the title. No customer names, no ticket data.",
    )
    status = models.CharField(
        max_length=16, choices=IssueStatus.choices, default=IssueStatus.INVESTIGATING
    )
    description = models.TextField(blank=True, help_text="Staff only. Markdown.")
    public_summary = models.TextField(
        blank=True, help_text="What the status page shows. No customer names, no ticket data."
    )
    bug_url = models.URLField("external bug link", max_length=500, blank=True)
    partner_tickets = models.CharField(
        "partner ticket references", max_length=500, blank=True, help_text="Comma-separated."
    )
    tickets = models.ManyToManyField(
        "tickets.Ticket", through="KnownIssueLink", related_name="known_issues", blank=True
    )
    is_public = models.BooleanField(default=False, help_text="Posted on the public status page.")
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_known_issues"
    )
    # Seed 003-23/28: T4 verifies the bug T3 found and decides how it is fixed.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    fix_path = models.CharField(
        "fix", max_length=16, choices=FixPath.choices, blank=True, help_text="Set by the verifier."
    )
    # Seed 003-65: the release the fix goes out in, for "changes going out this week".
    fix_release_date = models.DateField(
        null=True, blank=True, help_text="The day the fix is released (hotfix or release)."
    )
    # Seed 003-23/59: the GitHub issue opened from the desk (decision 0034), and when GitHub
    # said it was closed (the inbound webhook): the bug is fixed upstream, not yet released.
    github_issue_number = models.PositiveIntegerField(null=True, blank=True)
    github_closed_at = models.DateTimeField(
        "closed on GitHub", null=True, blank=True, help_text="Set by GitHub's webhook."
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("post_status", "Can post known issues on the public status page")]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="knownissue_status_idx"),
            models.Index(fields=["is_public", "posted_at"], name="knownissue_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}-{self.slug}: {self.title}"

    @property
    def number(self) -> int:
        return self.pk

    @property
    def public_name(self) -> str:
        return public_name(self.public_title, self.title)

    @property
    def tag_name(self) -> str:
        return f"{self.pk}-{self.slug}"


class KnownIssueLink(models.Model):
    known_issue = models.ForeignKey(KnownIssue, on_delete=models.CASCADE, related_name="links")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="known_issue_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the link came from an agent typing the issue's tag on the ticket.",
    )
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["known_issue", "ticket"], name="one_link_per_ticket")
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} ↔ known issue {self.known_issue_id}"


class StatusUpdate(models.Model):
    """One public line in an incident's history on the status page: status and public text."""

    known_issue = models.ForeignKey(KnownIssue, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=16, choices=IssueStatus.choices)
    summary = models.TextField()
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.known_issue_id}: {self.get_status_display()} at {self.created_at}"


class BulkAnswer(models.Model):
    """One message sent as a public reply to every linked open ticket of a known issue."""

    known_issue = models.ForeignKey(
        KnownIssue, on_delete=models.PROTECT, related_name="bulk_answers"
    )
    body = models.TextField(help_text="Markdown.")
    resolve_tickets = models.BooleanField(default=False)
    state = models.CharField(
        max_length=16, choices=BulkAnswerState.choices, default=BulkAnswerState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who pressed Send: the public replies are written in their name.",
    )
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, help_text="Why the last send attempt stopped.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One answer being written or sent per known issue at a time: composing again
            # edits the draft instead of starting a second mailing.
            models.UniqueConstraint(
                fields=["known_issue"],
                condition=models.Q(state__in=["draft", "sending"]),
                name="one_unsent_bulk_answer_per_issue",
                violation_error_message="This known issue already has a bulk answer not yet sent.",
            )
        ]
        indexes = [
            models.Index(
                fields=["send_started_at"],
                condition=models.Q(state="sending"),
                name="bulkanswer_sending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Bulk answer {self.pk} on known issue {self.known_issue_id}"


class BulkAnswerDelivery(models.Model):
    """The answer posted on one ticket: the unique pair makes a retried send a no-op."""

    bulk_answer = models.ForeignKey(BulkAnswer, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "tickets.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delivered_at = models.DateTimeField()

    class Meta:
        verbose_name = "bulk answer delivery"
        verbose_name_plural = "bulk answer deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["bulk_answer", "ticket"], name="one_delivery_per_ticket"
            )
        ]

    def __str__(self) -> str:
        return f"Bulk answer {self.bulk_answer_id} on #{self.ticket_id}"


class OnCallLogEntry(models.Model):
    """A line of the on-call log (hotfix, script run, open loop): carried forward week after
    week on the Changing of the Guard page until marked done."""

    kind = models.CharField(max_length=16, choices=LogKind.choices)
    text = models.TextField()
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Seed 003-66: an open item assigned out for research this week.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "on-call log entry"
        ordering = ["created_at", "id"]
        verbose_name_plural = "on-call log entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class DismissedSignal(models.Model):
    """A lead's "not a known issue" / "not for the status page" on a dashboard signal. The
    signal stays hidden while its ticket count is not above the count it had when dismissed:
    more tickets bring it back."""

    key = models.CharField(
        max_length=200, unique=True, help_text="tag:<tag name, lower case> or post:<number>."
    )
    ticket_count = models.PositiveIntegerField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField()

    class Meta:
        ordering = ["-dismissed_at"]

    def __str__(self) -> str:
        return f"{self.key} dismissed at {self.ticket_count} tickets"
