"""Doc requests: the leads' queue of articles someone asked for, with the tickets that asked.

A request opens from an escalation tag ("Proposed User Doc", "Proposed Internal Doc"), from the
findings recorded when a ticket is resolved ("a doc should change"), or from three resolved
tickets with the same tag or the same macro and no linked article (seed 003's three-duplicates
rule; ``group_key`` names the tag or the macro). It goes Open → Drafting (an article was started
from it) → Done (that article was published), or Declined with a lead's reason. No logic here:
``knowledge.services.doc_requests`` writes every row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..states import LIVE_DOC_STATUSES, DocKind, DocRequestStatus, DocSource
from .articles import Article


class DocRequest(models.Model):
    kind = models.CharField(max_length=16, choices=DocKind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=DocRequestStatus.choices, default=DocRequestStatus.OPEN
    )
    source = models.CharField(max_length=16, choices=DocSource.choices)
    group_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Three duplicates: the tag (tag:<id>) or the macro (macro:<id>) they share.",
    )
    note = models.TextField(blank=True, help_text="Staff only: what the doc should say.")
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doc_requests",
        help_text="The article started from this request.",
    )
    decline_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The lead who started the article or declined the request.",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was done or declined."
    )
    tickets = models.ManyToManyField(
        "tickets.Ticket", through="DocRequestTicket", related_name="doc_requests"
    )

    class Meta:
        verbose_name = "doc request"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="docrequest_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["group_key"],
                condition=Q(status__in=LIVE_DOC_STATUSES) & ~Q(group_key=""),
                name="docrequest_one_live_per_group",
                violation_error_message="These duplicates already have an open doc request.",
            )
        ]

    def __str__(self) -> str:
        return f"Doc request {self.pk}: {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_DOC_STATUSES


class DocRequestTicket(models.Model):
    """A ticket that asked for the doc, and why (the tag, the findings' note, the duplicates)."""

    request = models.ForeignKey(DocRequest, on_delete=models.CASCADE, related_name="asked_by")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="doc_request_rows"
    )
    why = models.CharField(max_length=300)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "ticket of a doc request"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "request"], name="docrequest_ticket_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "ticket"],
                name="docrequest_ticket_once",
                violation_error_message="This ticket already asked for this doc.",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} asked for doc request {self.request_id}"
