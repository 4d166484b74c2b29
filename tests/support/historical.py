"""Rows written through a migration's historical models, for tests that migrate back in time:
the factories build today's models, whose newer columns an older schema does not have."""

from django.utils import timezone

from tests.factories import CustomerFactory


def old_ticket(old_apps, *, tier_id: int, subject: str = "Written before the move"):
    """A ticket as the historical ``tickets.Ticket`` of ``old_apps`` knows it (a new customer's)."""
    customer = CustomerFactory()
    now = timezone.now()
    return old_apps.get_model("tickets", "Ticket").objects.create(
        subject=subject,
        description="Something is **broken**.",
        category="issue_with_error",
        priority="normal",
        status="open",
        requester_id=customer.pk,
        organization_id=customer.customer_profile.organization_id,
        tier_id=tier_id,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
