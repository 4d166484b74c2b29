"""Writes to an organization's profile, its Deep Dive and its documents (agents only).

Every change is kept with its author (``ProfileChange``: each field's old and new value); an
edit that changes nothing records nothing. The Deep Dive is versioned: each save that changes
its text is a new numbered version, optionally naming the resolved ticket that taught it.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed

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
from .attachments import stored_name, validate_uploads

# The fields an agent edits, in the order the page and the history show them.
TEXT_FIELDS = ("custom_modules", "source_location", "versions", "known_workflows")
URL_FIELDS = ("repository_url", "test_site_url")
FIELDS = (
    "custom_modules",
    "repository_url",
    "test_site_url",
    "source_location",
    "versions",
    "preferred_contact",
    "account_manager",
    "assign_new_tickets_to_manager",
    "known_workflows",
    "uses_mtp",
    "uat_window_days",
    "uat_window_business_days",
)
BOOLEAN_FIELDS = ("assign_new_tickets_to_manager", "uses_mtp", "uat_window_business_days")
UAT_WINDOW_MAX_DAYS = 90
MAX_LENGTHS = {"source_location": 300, "versions": 300, "repository_url": 500, "test_site_url": 500}
DEEP_DIVE_MAX_CHARS = 200_000
_url = URLValidator(schemes=["http", "https"])


def _require_agent(actor, what: str) -> None:
    if not policies.may_edit_organization_profile(actor):
        raise PermissionDenied(f"Only agents may {what}.")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The submitted values, trimmed and checked; unknown fields are refused."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationFailed(
            "These are not fields of a profile.",
            fields={name: ["Not a profile field."] for name in sorted(unknown)},
        )
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if name in TEXT_FIELDS or name in URL_FIELDS:
            value = (value or "").strip()
            if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
                errors[name] = [f"At most {MAX_LENGTHS[name]} characters."]
                continue
            if name in URL_FIELDS and value:
                try:
                    _url(value)
                except ValidationError:
                    errors[name] = ["Enter a full web address, starting with https://."]
                    continue
        elif name == "preferred_contact":
            if value not in PreferredContact.values:
                errors[name] = [f"Choose one of: {', '.join(PreferredContact.values)}."]
                continue
        elif name == "account_manager":
            if value is not None and not roles.is_agent(value):
                errors[name] = ["The account manager must be an active member of staff."]
                continue
        elif name in BOOLEAN_FIELDS:
            value = bool(value)
        elif name == "uat_window_days":
            value = _window_days(value)
            if isinstance(value, str):
                errors[name] = [value]
                continue
        cleaned[name] = value
    if errors:
        raise ValidationFailed("The profile has invalid fields.", fields=errors)
    return cleaned


def _window_days(value: Any) -> int | str | None:
    """Empty: the helpdesk's default (None); else whole days, 1 to the maximum (or the error)."""
    if value in (None, ""):
        return None
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= UAT_WINDOW_MAX_DAYS or str(days) != str(value).strip():
        return f"Whole days from 1 to {UAT_WINDOW_MAX_DAYS}, or empty for the default."
    return days


def _shown(name: str, value: Any) -> Any:
    """A value as the history keeps it (JSON): the manager by username."""
    if name == "account_manager":
        return value.get_username() if value is not None else None
    return value


def _key(name: str, value: Any) -> Any:
    return value.pk if name == "account_manager" and value is not None else value


def _lock_profile(organization: Organization) -> OrganizationProfile:
    """The organization's profile, created when missing, locked for the transaction."""
    OrganizationProfile.objects.get_or_create(organization=organization)
    return (
        OrganizationProfile.objects.select_for_update(of=("self",))
        .select_related("account_manager")
        .get(organization=organization)
    )


def edit_profile(
    organization: Organization, *, actor, values: dict[str, Any], at: datetime | None = None
) -> ProfileChange | None:
    """Apply ``values`` (field → new value; the account manager as a user or None) and record
    what changed, old → new, with its author. Nothing changed: nothing written, None."""
    _require_agent(actor, "edit an organization's profile")
    cleaned = _clean(values)
    at = at or timezone.now()
    with transaction.atomic():
        profile = _lock_profile(organization)
        changes = {}
        for name, value in cleaned.items():
            old = getattr(profile, name)
            if _key(name, old) != _key(name, value):
                changes[name] = [_shown(name, old), _shown(name, value)]
                setattr(profile, name, value)
        if profile.assign_new_tickets_to_manager and profile.account_manager is None:
            raise ValidationFailed(
                "Choose the account manager who gets the new tickets.",
                fields={"account_manager": ["Needed to assign new tickets to them."]},
            )
        if not changes:
            return None
        profile.updated_at = at
        profile.updated_by = actor
        profile.save()
        return ProfileChange.objects.create(
            organization=organization, author=actor, at=at, changes=changes
        )


def save_deep_dive(
    organization: Organization,
    *,
    actor,
    body: str,
    ticket: Ticket | None = None,
    based_on: int | None = None,
    at: datetime | None = None,
) -> DeepDiveVersion | None:
    """A new version of the Deep Dive when ``body`` differs from the current text (else None).
    ``based_on``: the version the editor started from; a newer one saved meanwhile is a
    conflict, so nobody's text is silently replaced. ``ticket``: the organization's ticket
    whose lessons prompted the change."""
    _require_agent(actor, "edit the Deep Dive")
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationFailed(
            "Write the Deep Dive before saving it.", fields={"body": ["This field is required."]}
        )
    if len(text) > DEEP_DIVE_MAX_CHARS:
        raise ValidationFailed(
            "The Deep Dive is too long.",
            fields={"body": [f"At most {DEEP_DIVE_MAX_CHARS:,} characters."]},
        )
    if ticket is not None and ticket.organization_id != organization.pk:
        raise ValidationFailed(
            "That ticket is not one of this organization's.",
            fields={"ticket": ["Not a ticket of this organization."]},
        )
    at = at or timezone.now()
    with transaction.atomic():
        _lock_profile(organization)  # one writer of the Deep Dive at a time
        current = (
            DeepDiveVersion.objects.filter(organization=organization)
            .order_by("-number")
            .only("number", "body")
            .first()
        )
        number = current.number if current else 0
        if based_on is not None and based_on != number:
            raise Conflict(
                f"Someone saved version {number} of the Deep Dive while you were editing "
                f"version {based_on}. Open it again and add your changes to theirs."
            )
        if current is not None and current.body == text:
            return None
        return DeepDiveVersion.objects.create(
            organization=organization,
            number=number + 1,
            body=text,
            author=actor,
            created_at=at,
            ticket=ticket,
        )


def add_document(
    organization: Organization, *, actor, upload: UploadedFile, at: datetime | None = None
) -> OrganizationDocument:
    """Keep one of the client's documents (checked like a ticket's attachments); the history
    says who added it."""
    _require_agent(actor, "add an organization's documents")
    validate_uploads([upload])
    assert upload.size is not None  # Django's upload handlers set it (validated above)
    name, content_type = stored_name(upload, "document")
    at = at or timezone.now()
    with transaction.atomic():
        document = OrganizationDocument(
            organization=organization,
            filename=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
            created_at=at,
        )
        document.file.save(name, upload, save=False)
        document.save()
        ProfileChange.objects.create(
            organization=organization, author=actor, at=at, changes={"documents": [None, name]}
        )
    return document
