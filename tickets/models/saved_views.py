"""Saved views of the desk queue: a name for a query string (the queue's filters and order).

A view is personal (``shared_with_tier`` empty: only its owner sees it) or shared with a tier by
a lead (every member of the tier sees it); one shared view per tier may be the tier's default,
where its members land on ``/desk/``. The query string is stored as the queue's filter form
writes it (``tickets.desk_forms.QueueFilterForm.view_query``), so "is this view the one on
screen?" is a comparison of two strings. The rules live in ``tickets.services.saved_views``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

NAME_MAX_LENGTH = 80
QUERY_MAX_LENGTH = 500


class SavedView(models.Model):
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        help_text="Who saved it; for a shared view, the lead who published it.",
    )
    query = models.CharField(
        "filters and order",
        max_length=QUERY_MAX_LENGTH,
        help_text="The queue's query string, e.g. tier=t1&assignee=none&sort=sla_due.",
    )
    shared_with_tier = models.ForeignKey(
        "tickets.Tier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shared_views",
        help_text="Empty: only its owner sees it. A tier: every member of the tier sees it.",
    )
    is_default = models.BooleanField(
        "default for the tier",
        default=False,
        help_text="Members of the tier land on this view when they open the desk.",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "saved view"
        verbose_name_plural = "saved views"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                F("owner"),
                condition=Q(shared_with_tier__isnull=True),
                name="savedview_personal_name_unique",
                violation_error_message="You already have a view with this name.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                F("shared_with_tier"),
                name="savedview_shared_name_unique",
                violation_error_message="This tier already has a shared view with this name.",
            ),
            models.UniqueConstraint(
                fields=["shared_with_tier"],
                condition=Q(is_default=True),
                name="savedview_one_default_per_tier",
                violation_error_message="A tier has one default view.",
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(shared_with_tier__isnull=False),
                name="savedview_default_is_shared",
                violation_error_message="Only a view shared with a tier can be its default.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
