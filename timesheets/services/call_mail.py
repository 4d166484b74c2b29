"""The customer's emails about a technical call (seed 000): the invitation with its ``.ics``
(meeting link, organiser, time in UTC) and, once the call is held, its summary. Written to the
outbox in the caller's transaction, on the ticket's thread, one per call (dedupe key)."""

from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from helpdesk.core.errors import ValidationFailed
from tickets import services as tickets

from ..invitation import build_ics
from ..models import TechnicalCall


class Kind:
    CALL_INVITATION = "call_invitation"
    CALL_SUMMARY = "call_summary"


MAX_SLOTS = 5
_validate_url = URLValidator(schemes=["http", "https"])


def clean_meeting_url(value: str) -> str:
    """An http or https link (a meeting room), nothing else: no ``javascript:``, no
    ``mailto:``; the customer clicks it in an email and on the portal."""
    url = (value or "").strip()
    try:
        _validate_url(url)
    except ValidationError:
        raise ValidationFailed(
            "Give the meeting link the customer joins: an http:// or https:// address.",
            fields={"meeting_url": ["An http:// or https:// link."]},
        ) from None
    return url


def slots_of(call: TechnicalCall) -> list[datetime]:
    """The offered times, or the booked time for a call booked without offers."""
    if call.offered_slots:
        return [datetime.fromisoformat(value) for value in call.offered_slots]
    return [call.scheduled_at]


def _organiser(call: TechnicalCall) -> tuple[str, str]:
    """The agent's name with the support address (not the agent's own mailbox)."""
    name = call.agent.get_full_name() or call.agent.get_username()
    return name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def invitation(call: TechnicalCall, at: datetime) -> bool:
    """The invitation: when (each offered time in UTC and the desk's time), the link, who."""
    ticket = call.ticket
    slots = slots_of(call)
    name, address = _organiser(call)
    domain = urlsplit(settings.HELPDESK_BASE_URL).hostname or "helpdesk.invalid"
    ics = build_ics(
        call_id=call.pk,
        slots=slots,
        meeting_url=call.meeting_url,
        organiser_name=name,
        organiser_email=address,
        summary=f"Technical call about ticket #{ticket.pk}",
        description=f"Ticket #{ticket.pk}: {ticket.subject}",
        domain=domain,
        stamp=at,
    )
    return tickets.email_customer(
        ticket,
        kind=Kind.CALL_INVITATION,
        key=f"call-invitation:{call.pk}",
        template="timesheets/emails/call_invitation",
        at=at,
        signer=call.agent,
        files=[tickets.Attachment(f"call-{call.pk}.ics", "text/calendar", ics)],
        call=call,
        slots=[slot.astimezone(UTC) for slot in slots],
        choose=len(slots) > 1,
        agent_name=name,
    )


def summary(call: TechnicalCall, at: datetime) -> bool:
    """After the call: what was agreed, in the agent's words (public)."""
    return tickets.email_customer(
        call.ticket,
        kind=Kind.CALL_SUMMARY,
        key=f"call-summary:{call.pk}",
        template="timesheets/emails/call_summary",
        at=at,
        signer=call.agent,
        call=call,
    )
