"""Seed 003-61: a partner's ticket number recorded on a ticket. The ticket shows it, and an
internal note says so (staff only: the customer never sees partner correspondence).

The link is checked here, not only by the form: http or https, nothing else (a ``javascript:``
or ``file:`` link on the desk would be a trap)."""

from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed

from ..models import Message, Partner, PartnerTicket, Ticket
from ..states import MessageKind
from ._common import _check_visible, _lock

REFERENCE_MAX = 100
URL_MAX = 500
_URL = URLValidator(schemes=["http", "https"])


def clean_partner_url(url: str) -> str:
    """The link as typed, stripped; refused unless an http or https URL."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if len(url) > URL_MAX or urlsplit(url).scheme.lower() not in ("http", "https"):
            raise ValidationError("scheme")
        _URL(url)
    except ValidationError:
        raise ValidationFailed(
            "The partner ticket's link must be an http or https address.",
            fields={"url": ["Give an http:// or https:// link, or leave it empty."]},
        ) from None
    return url


def add_partner_ticket(
    ticket: Ticket,
    *,
    actor,
    partner: Partner | int | str,
    reference: str,
    url: str = "",
    at: datetime | None = None,
) -> PartnerTicket:
    """Record ``partner``'s ticket ``reference`` (and its link) on ``ticket``, with an internal
    note. The same partner ticket twice is refused (409), nothing written."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may record partner tickets.")
    _check_visible(actor, ticket)
    reference = " ".join((reference or "").split())
    errors: dict[str, list[str]] = {}
    if not reference:
        errors["reference"] = ["Give the partner's ticket number."]
    elif len(reference) > REFERENCE_MAX:
        errors["reference"] = [f"At most {REFERENCE_MAX} characters."]
    found = partner if isinstance(partner, Partner) else _partner(partner)
    if found is None:
        errors["partner"] = ["Choose a partner of the directory."]
    if errors:
        raise ValidationFailed("The partner ticket is missing what it needs.", fields=errors)
    assert found is not None
    url = clean_partner_url(url)
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if PartnerTicket.objects.filter(
            ticket=ticket, partner=found, reference__iexact=reference
        ).exists():
            raise Conflict(f"{found.name} ticket {reference} is already recorded on this ticket.")
        row = PartnerTicket.objects.create(
            ticket=ticket, partner=found, reference=reference, url=url, added_by=actor, added_at=at
        )
        link = f" — <{url}>" if url else ""
        Message.objects.create(
            ticket=ticket,
            kind=MessageKind.INTERNAL_NOTE,
            body=f"**Partner ticket:** {found.name} ticket {reference}{link}",
            author=actor,
            created_at=at,
        )
        ticket.updated_at = at
        ticket.save(update_fields=["updated_at"])
    return row


def _partner(value) -> Partner | None:
    text = str(value or "").strip()
    if not text:
        return None
    if text.isdigit() and int(text) < 2**63:
        return Partner.objects.filter(pk=int(text)).first()
    return Partner.objects.filter(name__iexact=text).first()
