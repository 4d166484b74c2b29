"""Reads for the lead confirmation before On-Call (seed 003)."""

from django.contrib.auth import get_user_model

from helpdesk.core.roles import LEADS_GROUP
from tickets.models import Ticket

from ..models import OnCallRequest
from ..states import RequestState


def leads() -> list:
    """Active members of the Leads group, who confirm escalations to On-Call."""
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, groups__name=LEADS_GROUP)
        .distinct()
        .order_by("username")
    )


def awaiting_request(ticket: Ticket) -> OnCallRequest | None:
    """The ticket's escalation to On-Call waiting for a lead, with who asked: one query."""
    return (
        OnCallRequest.objects.filter(ticket=ticket, state=RequestState.AWAITING)
        .select_related("requested_by", "to_tier", "from_tier")
        .first()
    )
