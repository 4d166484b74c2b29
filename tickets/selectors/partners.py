"""Seed 003-60 and 003-61: the partner directory, the contacts to use, a ticket's partner
tickets. Each is one query (two for the directory: partners, then their contacts)."""

from django.db.models import Prefetch, Q, QuerySet

from ..models import Partner, PartnerContact, PartnerTicket

PARTNERS_PAGE = 50


def partner_directory(query: str = "") -> QuerySet[Partner]:
    """Partners by name, each with its contacts (preferred first); ``query`` matches the
    partner's name or notes, or a contact's name, address or role."""
    partners = Partner.objects.order_by("name")
    query = " ".join((query or "").split())
    if query:
        partners = partners.filter(
            Q(name__icontains=query)
            | Q(notes__icontains=query)
            | Q(contacts__name__icontains=query)
            | Q(contacts__email__icontains=query)
            | Q(contacts__role__icontains=query)
        ).distinct()
    return partners.prefetch_related(
        Prefetch("contacts", queryset=PartnerContact.objects.order_by("-preferred", "name", "id"))
    )


def preferred_contacts() -> list[PartnerContact]:
    """The contacts to use (the handbook's YELLOW ones), by partner, for the side-thread form."""
    return list(
        PartnerContact.objects.filter(preferred=True)
        .select_related("partner")
        .order_by("partner__name", "name", "id")
    )


def partner_tickets_of(ticket_id: int) -> list[PartnerTicket]:
    return list(
        PartnerTicket.objects.filter(ticket_id=ticket_id)
        .select_related("partner", "added_by")
        .order_by("added_at", "id")
    )


def partners_for_choice() -> list[tuple[int, str]]:
    return list(Partner.objects.order_by("name").values_list("pk", "name"))
