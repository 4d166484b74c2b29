"""Tiers of the support organization. Escalation behaviour builds on this model."""

from django.conf import settings
from django.db import models


class Tier(models.Model):
    """Triage, T1-T5, On-Call: a queue of tickets and the agents who work it."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    level = models.PositiveSmallIntegerField(
        unique=True, help_text="Order of escalation: Triage is 0, T5 is 5, On-Call last."
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
