"""Who is on a ticket's desk page right now: one row per agent and ticket, upserted by the
page's live poll (``tickets.services.live``) and read back with the ticket's version in one
query (``tickets.selectors.live_state``). A row older than ``PRESENCE_TTL`` means gone."""

from datetime import timedelta

from django.conf import settings
from django.db import models

PRESENCE_TTL = timedelta(seconds=30)


class TicketPresence(models.Model):
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(help_text="The agent's last poll with the page open.")
    typing_since = models.DateTimeField(
        null=True, blank=True, help_text="Set while the agent's reply box holds unsent text."
    )

    class Meta:
        verbose_name = "ticket presence"
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="presence_once_per_agent")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on #{self.ticket_id}"
