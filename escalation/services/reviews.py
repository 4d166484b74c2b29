"""The leads' weekly review mark and the T3 morning check's one-click message."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.calendar import business_days_before
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket

from .. import policies, selectors
from ..errors import NotSilentYet
from ..models import Escalation
from ..states import STILL_LOOKING_MESSAGE
from ._common import lock_ticket, require_active, require_agent, when

MORNING_CHECK_DAYS = 2


def mark_reviewed(escalation: Escalation, *, actor, at: datetime | None = None) -> Escalation:
    """A lead has gone through a tagged escalation. Marking it again changes nothing."""
    if not policies.may_review(actor):
        raise PermissionDenied("Only leads review escalations.")
    at = at or timezone.now()
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if not escalation.needs_review:
            raise ValidationFailed(
                "This escalation added no Process Tweak or Missed Doc Review: nothing to review."
            )
        if escalation.reviewed_at is None:
            escalation.reviewed_at = at
            escalation.reviewed_by = actor
            escalation.save(update_fields=["reviewed_at", "reviewed_by"])
    return escalation


def send_still_looking(ticket: Ticket, *, actor, at: datetime | None = None):
    """The T3 morning check's one click: tell a customer who has heard nothing for two business
    days that we are still looking into it. Refused once someone has written since, so a double
    click sends one message."""
    require_agent(actor, "write to customers")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        require_active(ticket, "write to the customer")
        since = selectors.silent_since(ticket, ticket.tier)
        cutoff = business_days_before(at, MORNING_CHECK_DAYS)
        if since is None or since >= cutoff:
            last = f"since {when(since)}" if since else "yet"
            raise NotSilentYet(
                f"Ticket #{ticket.pk} has not been waiting {MORNING_CHECK_DAYS} business days "
                f"{last}: nothing was sent.",
            )
        return tickets.reply(ticket, actor=actor, body=STILL_LOOKING_MESSAGE).message
