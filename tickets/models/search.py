"""The full-text index of tickets: one row per ticket (its subject, description and intake
fields) and one per message, each with its ``tsvector``.

PostgreSQL keeps these rows current by itself: triggers on ``tickets_ticket`` and
``tickets_message`` (migration ``0014_search``) write them whenever the text, a message's kind or
ticket, or the ticket's language changes, whichever code wrote it (services, split, admin, bulk
loads). The GIN index on ``vector`` is created by the same migration. On SQLite the table stays
empty and ``tickets.search`` reads the text columns instead. See docs/decisions/0012-search.md.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q


class SearchDocument(models.Model):
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Empty: the ticket's own text (subject weighted A, description and intake fields B).
    message = models.OneToOneField(
        "tickets.Message", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Customers match only public rows: the ticket's own text and public replies (weight C);
    # internal and system notes (weight D) are for staff.
    public = models.BooleanField()
    language = models.CharField(max_length=2)
    vector = SearchVectorField(null=True)

    class Meta:
        indexes = [models.Index(fields=["ticket", "id"], name="searchdoc_ticket_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(message__isnull=True),
                name="searchdoc_one_per_ticket",
                violation_error_message="A ticket has one search entry of its own.",
            )
        ]

    def __str__(self) -> str:
        return f"Search text of #{self.ticket_id}" + (
            f", message {self.message_id}" if self.message_id else ""
        )
