"""Filing a ticket: by the customer on the portal or the API, or by an agent for a customer."""

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import notify, policies, signals
from ..models import Ticket, Tier
from ..states import CATEGORY_DEFAULT_PRIORITY, Category, FiledVia, Language, Party, Priority
from . import account_progress, alerts
from ._common import record_event
from .attachments import _save_attachments, validate_uploads


def _default_tier() -> Tier | None:
    return Tier.objects.order_by("level").first()


def submit_ticket(
    *,
    actor,
    subject: str,
    description: str,
    category: str,
    priority: str | None = None,
    requester=None,
    production_url: str = "",
    version_seen: str = "",
    browser: str = "",
    steps_to_reproduce: str = "",
    error_text: str = "",
    attachments: Sequence[UploadedFile] = (),
    linked_from: Ticket | None = None,
    filed_via: str = "",
    at: datetime | None = None,
    acknowledge: bool = True,
) -> Ticket:
    """A customer files a ticket (or an agent files one on a customer's behalf).

    It arrives Open in the Triage queue with its category's default priority, and the customer
    gets the "we received your ticket" email unless ``acknowledge`` is False (mail's loop guard:
    a sender who already had their automatic answers this hour).
    """
    at = at or timezone.now()
    requester = requester or actor
    if not policies.can_submit_ticket(actor):
        raise PermissionDenied("Only customers and agents may submit tickets.")
    if requester.pk != actor.pk and not roles.is_agent(actor):
        raise PermissionDenied("Only agents may file a ticket on someone else's behalf.")
    if not roles.is_customer(requester):
        raise ValidationFailed(
            "The requester must be a customer of an organization.",
            fields={"requester": ["Not a customer of any organization."]},
        )
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = ["Tell us in a few words what this is about."]
    if not (description or "").strip():
        errors["description"] = ["Describe the problem or question."]
    if category not in Category.values:
        errors["category"] = [f"Choose one of: {', '.join(Category.values)}."]
    if filed_via and filed_via not in FiledVia.values:
        errors["filed_via"] = [f"Choose one of: {', '.join(FiledVia.values)}."]
    if priority and priority not in Priority.values:
        errors["priority"] = [f"Choose one of: {', '.join(Priority.values)}."]
    if errors:
        raise ValidationFailed("The ticket has invalid fields.", fields=errors)
    validate_uploads(attachments)

    organization_id = requester.customer_profile.organization_id
    with transaction.atomic():
        account = account_progress.account_of(organization_id)
        ticket = Ticket(
            subject=subject.strip(),
            description=description,
            category=category,
            priority=priority or CATEGORY_DEFAULT_PRIORITY[Category(category)],
            requester=requester,
            organization_id=organization_id,
            tier=_default_tier(),
            # The organization's profile may give its new tickets to the account's manager.
            assignee_id=account.assignee_id,
            production_url=production_url,
            version_seen=version_seen,
            browser=browser,
            steps_to_reproduce=steps_to_reproduce,
            error_text=error_text,
            linked_from=linked_from,
            filed_by=actor if requester.pk != actor.pk else None,
            filed_via=filed_via if requester.pk != actor.pk else "",
            # A follow-up is written in the language of the ticket it follows.
            language=linked_from.language if linked_from is not None else Language.ENGLISH,
            created_at=at,
            updated_at=at,
            status_changed_at=at,
            last_customer_activity_at=at,
            last_word=Party.CUSTOMER,
        )
        ticket.save()
        signals.ticket_changed.send(sender=Ticket, ticket=ticket, at=at, created=True)
        if attachments:
            _save_attachments(ticket, None, attachments, actor, at)
        if linked_from is not None:
            notify.follow_up_opened(ticket, at)
        elif acknowledge:
            notify.ticket_received(ticket, at)
        alerts.ticket_created(ticket, at, actor)
        if ticket.assignee_id is not None:
            record_event(
                ticket, "Assigned to the account's manager, as the organization asks.", at=at
            )
        account_progress.ticket_filed(ticket, account, actor=actor, at=at)
    return ticket
