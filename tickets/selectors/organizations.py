"""Reads of the desk's organization pages and the ticket page's organization panel, scoped to
staff (a customer asking gets NotFound: the profile's existence is not disclosed)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from helpdesk.core.errors import NotFound

from .. import policies
from ..models import (
    DeepDiveVersion,
    Organization,
    OrganizationDocument,
    OrganizationProfile,
    PreferredContact,
    ProfileChange,
    Ticket,
)
from ..states import ACTIVE_STATUSES
from .text_diff import DiffLine, line_diff

PAGE_CHANGES = 50  # the latest changes the organization page lists
PAGE_TICKETS = 20  # the organization's most recent tickets on its page


def _require_staff(actor) -> None:
    if not policies.may_see_organization_profile(actor):
        raise NotFound("No such organization.")


def _ticket_count(active_only: bool) -> Coalesce:
    tickets = Ticket.objects.filter(organization=OuterRef("pk"))
    if active_only:
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    counted = tickets.order_by().values("organization").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organizations_for_desk(actor, search: str = "") -> QuerySet[Organization]:
    """Every organization (by name), with its open and total ticket counts and its account
    manager; ``search``: part of the name."""
    _require_staff(actor)
    organizations = (
        Organization.objects.select_related("profile__account_manager")
        .annotate(open_tickets=_ticket_count(True), all_tickets=_ticket_count(False))
        .order_by("name", "pk")
    )
    search = " ".join((search or "").split())
    if search:
        organizations = organizations.filter(name__icontains=search)
    return organizations


# How the history names each field (and a document added).
LABELS = {
    "custom_modules": "Custom code modules",
    "repository_url": "Repository",
    "test_site_url": "Test site",
    "source_location": "Source location",
    "versions": "Versions",
    "preferred_contact": "Preferred contact",
    "account_manager": "Account manager",
    "assign_new_tickets_to_manager": "New tickets to the account manager",
    "known_workflows": "Known workflows",
    "uses_mtp": "Releases go through MTP",
    "uat_window_days": "UAT answer window (days)",
    "uat_window_business_days": "UAT window in business days",
    "documents": "Document added",
}


def _said(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in PreferredContact.values:
        return str(PreferredContact(value).label)
    return str(value)


@dataclass(frozen=True)
class ChangeLine:
    """One edit of the profile as the history shows it: (label, old, new) per field."""

    pk: int
    author: str
    at: datetime
    fields: list[tuple[str, str, str]]


def _change_line(change: ProfileChange) -> ChangeLine:
    fields = [
        (LABELS.get(name, name), _said(values[0]), _said(values[1]))
        for name, values in change.changes.items()
    ]
    return ChangeLine(change.pk, change.author.get_username(), change.at, fields)


@dataclass(frozen=True)
class VersionLine:
    number: int
    author: str
    created_at: datetime
    ticket_id: int | None


@dataclass(frozen=True)
class OrganizationPage:
    organization: Organization
    profile: OrganizationProfile  # unsaved (empty) when nobody wrote one yet
    documents: list[OrganizationDocument]
    deep_dive: DeepDiveVersion | None  # the current version
    versions: list[VersionLine]  # newest first
    changes: list[ChangeLine]  # the latest PAGE_CHANGES, newest first
    more_changes: bool  # older changes exist beyond those
    tickets: list[Ticket]  # the latest PAGE_TICKETS


def organization_by_slug(actor, slug: str) -> Organization:
    _require_staff(actor)
    organization = (
        Organization.objects.select_related("profile__account_manager", "profile__updated_by")
        .filter(slug=slug)
        .first()
    )
    if organization is None:
        raise NotFound("No such organization.")
    return organization


def _profile_of(organization: Organization) -> OrganizationProfile:
    try:
        return organization.profile
    except OrganizationProfile.DoesNotExist:
        return OrganizationProfile(organization=organization)


def organization_page(actor, slug: str) -> OrganizationPage:
    """Six queries however many documents, versions, changes and tickets."""
    organization = organization_by_slug(actor, slug)
    versions = [
        VersionLine(number, author, created_at, ticket_id)
        for number, author, created_at, ticket_id in DeepDiveVersion.objects.filter(
            organization=organization
        )
        .order_by("-number")
        .values_list("number", "author__username", "created_at", "ticket_id")
    ]
    deep_dive = (
        DeepDiveVersion.objects.filter(organization=organization, number=versions[0].number)
        .select_related("author")
        .first()
        if versions
        else None
    )
    changes = list(
        ProfileChange.objects.filter(organization=organization).select_related("author")[
            : PAGE_CHANGES + 1
        ]
    )
    return OrganizationPage(
        organization=organization,
        profile=_profile_of(organization),
        documents=list(
            OrganizationDocument.objects.filter(organization=organization).select_related(
                "uploaded_by"
            )
        ),
        deep_dive=deep_dive,
        versions=versions,
        changes=[_change_line(change) for change in changes[:PAGE_CHANGES]],
        more_changes=len(changes) > PAGE_CHANGES,
        tickets=list(
            Ticket.objects.filter(organization=organization)
            .select_related("assignee", "requester")
            .order_by("-created_at", "-pk")[:PAGE_TICKETS]
        ),
    )


def current_deep_dive(actor, organization: Organization) -> DeepDiveVersion | None:
    _require_staff(actor)
    return DeepDiveVersion.objects.filter(organization=organization).order_by("-number").first()


def deep_dive_version(actor, organization: Organization, number: int) -> DeepDiveVersion:
    _require_staff(actor)
    version = (
        DeepDiveVersion.objects.select_related("author")
        .filter(organization=organization, number=number)
        .first()
        if 0 < number < 2**31
        else None
    )
    if version is None:
        raise NotFound(f"Version {number} of the Deep Dive was not found.")
    return version


def deep_dive_diff(
    actor, organization: Organization, old: int, new: int
) -> tuple[DeepDiveVersion, DeepDiveVersion, list[DiffLine]]:
    """Versions ``old`` and ``new`` (one query) and the lines that differ."""
    _require_staff(actor)
    found = {
        version.number: version
        for version in DeepDiveVersion.objects.select_related("author").filter(
            organization=organization,
            number__in=[n for n in (old, new) if 0 < n < 2**31],
        )
    }
    missing = [n for n in (old, new) if n not in found]
    if missing:
        raise NotFound(f"Version {missing[0]} of the Deep Dive was not found.")
    return found[old], found[new], line_diff(found[old].body, found[new].body)


def document_for_download(actor, slug: str, pk: int) -> OrganizationDocument:
    _require_staff(actor)
    document = (
        OrganizationDocument.objects.filter(organization__slug=slug, pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if document is None:
        raise NotFound("No such document.")
    return document


def panel_profile(actor, ticket: Ticket) -> OrganizationProfile | None:
    """The ticket page's organization panel: the profile with its manager and the number of
    its current Deep Dive version (``deep_dive_number``, None without one). One query."""
    if not policies.may_see_organization_profile(actor):
        return None
    latest = (
        DeepDiveVersion.objects.filter(organization=OuterRef("organization_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        OrganizationProfile.objects.select_related("account_manager")
        .annotate(deep_dive_number=Subquery(latest, output_field=IntegerField()))
        .filter(organization_id=ticket.organization_id)
        .first()
    )
