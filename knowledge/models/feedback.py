"""What readers and agents do with articles: "did this answer your question?" votes,
deflections ("this solved it" instead of a ticket) and the tickets an article answered.

A visitor is ``user:<id>`` when signed in, else ``session:<key>``: one vote and one deflection
per visitor and article (a second vote changes the first).
"""

from django.conf import settings
from django.db import models

from .articles import Article


class ArticleVote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    visitor = models.CharField(max_length=64)
    helpful = models.BooleanField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor"],
                name="article_one_vote_per_visitor",
                violation_error_message="This visitor already voted on this article.",
            )
        ]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on article {self.article_id}"


class Deflection(models.Model):
    """A customer about to file a ticket found the answer in an article instead."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    visitor = models.CharField(max_length=64)
    subject = models.CharField(
        max_length=200, blank=True, help_text="What they had typed as the ticket's subject."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at", "article"], name="deflection_created_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor"],
                name="deflection_once_per_visitor",
                violation_error_message="This visitor's deflection by this article is counted.",
            )
        ]

    def __str__(self) -> str:
        return f"Deflected by article {self.article_id}"


class ArticleLink(models.Model):
    """ "Answered by": an agent says this article answers the ticket."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="article_links"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "article link"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "created_at"], name="articlelink_article_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "article"],
                name="articlelink_once_per_ticket",
                violation_error_message="This article already answers this ticket.",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} answered by article {self.article_id}"
