"""Task templates (seed 000: "ideally by copying this template"): what a consultant starts a
new task from. Admins manage them in Django admin; ``engineering.services.templates`` copies one
into a new task (the template's fields are defaults the consultant may still change)."""

from django.db import models

from tickets.models import Tag
from tickets.states import Priority

from .states import CardColour


class TaskTemplate(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="What the menu shows.")
    title = models.CharField(max_length=200, help_text="The new task's title.")
    description = models.TextField(
        blank=True, help_text="Markdown: the questions to answer, the checklist to fill in."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="task_templates")
    estimate_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    priority = models.CharField(
        max_length=16, choices=Priority.choices, blank=True, help_text="Blank: the ticket's."
    )
    card_colour = models.CharField(
        max_length=16,
        choices=CardColour.choices,
        blank=True,
        help_text="Blank: automatic (from priority and tags).",
    )
    lead_time_business_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Blank: the default for the task's priority (TASK_LEAD_TIME_BUSINESS_DAYS).",
    )
    active = models.BooleanField(default=True, help_text="Only active templates are offered.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
