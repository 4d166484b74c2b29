"""The solution-testing checklist of a task in Development (seed 001): "the PM tests the
solution; the support lead runs through the customer's known workflows". One row per ticked
item; ``engineering.services.release`` derives the items and writes the rows."""

from django.conf import settings
from django.db import models


class SolutionCheck(models.Model):
    """An item of the checklist ticked by someone. It counts for the task's current spell in
    Development only (``checked_at`` at or after the task entered Development): work sent back
    is tested again."""

    task = models.ForeignKey("engineering.Task", on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(
        max_length=64, help_text="``pm``, or ``workflow:<digest of the workflow's text>``."
    )
    label = models.CharField(max_length=300, help_text="The item's words when it was ticked.")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["task", "checked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "item"],
                name="solution_check_once",
                violation_error_message="This item is already ticked.",
            )
        ]

    def __str__(self) -> str:
        return f"Task {self.task_id}: {self.label}"
