"""Rows written at an older migration state: with the historical model of that state, so a
column a later migration adds (``Ticket.filed_by``, tickets 0014) is not in the insert."""

from django.utils import timezone

from tests.factories import CustomerFactory
from tickets.states import Category, Priority, Status


def old_ticket(apps, *, tier_id: int):
    """An open ticket of a new customer in tier ``tier_id``, written by ``apps``' Ticket."""
    requester = CustomerFactory()
    now = timezone.now()
    return apps.get_model("tickets", "Ticket").objects.create(
        subject="Written before the migration",
        description="Something is **broken**.",
        category=Category.ISSUE_WITH_ERROR,
        priority=Priority.NORMAL,
        status=Status.OPEN,
        requester_id=requester.pk,
        organization_id=requester.customer_profile.organization_id,
        tier_id=tier_id,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
