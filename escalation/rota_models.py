"""The weekly rotas beside the on-call one (seed 003): who staffs Triage (one T2 person per
shift, 003-15) and who is the designated T3 engineer of the week (003-22, 003-64, 003-67).

On-Call keeps its own ``OnCallShift`` (the paging chain reads it); a ``RotaShift`` names the
rota it belongs to, so a new rota is a new choice, not a new table. Imported by
``escalation.models`` so Django registers it with the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Rota(models.TextChoices):
    TRIAGE = "triage", "Triage"
    T3 = "t3", "T3 of the week"


# The tier (``tickets.Tier.code``) whose members may staff each rota.
ROTA_TIER_CODE: dict[str, str] = {Rota.TRIAGE: "T2", Rota.T3: "T3"}


class RotaShift(models.Model):
    """One person on one rota from when until when (normally a week, Monday to Monday)."""

    rota = models.CharField(max_length=16, choices=Rota.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rota_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "rota shift"
        verbose_name_plural = "rota shifts (Triage, T3)"
        ordering = ["rota", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="rota_shift_ends_after_start",
                violation_error_message="A rota shift must end after it starts.",
            )
        ]
        indexes = [
            models.Index(fields=["rota", "starts_at", "ends_at"], name="rota_shift_window_idx")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_rota_display()}: {self.agent.get_username()} "
            f"{self.starts_at:%Y-%m-%d}–{self.ends_at:%Y-%m-%d}"
        )


class T3Nudge(models.Model):
    """The previous week's T3 was reminded of a ticket still assigned to them (003-22): at
    most one per ticket and week, which makes the nudge sweep idempotent."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(help_text="Monday of the week the nudge belongs to.")
    waiting_since = models.DateTimeField(help_text="Silence counted from here.")
    nudged_at = models.DateTimeField()

    class Meta:
        verbose_name = "previous-T3 nudge"
        ordering = ["-nudged_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "week_start"], name="one_t3_nudge_a_week")
        ]

    def __str__(self) -> str:
        return f"Nudged {self.agent.get_username()} on #{self.ticket_id} ({self.week_start})"
