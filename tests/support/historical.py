"""Rows written through a migration's historical models, for tests that migrate back in time:
the factories build today's models, whose newer columns an older schema does not have (and
whose dropped ones, such as the customer profile's notes that moved to the organization's
profile in tickets 0024, it still requires)."""

from django.utils import timezone

from tests.factories import OrganizationFactory, UserFactory


def old_customer(old_apps):
    """A new customer, its profile written as the historical ``tickets.CustomerProfile``."""
    user = UserFactory()
    organization = OrganizationFactory()
    old_apps.get_model("tickets", "CustomerProfile").objects.create(
        user_id=user.pk, organization_id=organization.pk
    )
    return user, organization


def old_ticket(old_apps, *, tier_id: int, subject: str = "Written before the move"):
    """A ticket as the historical ``tickets.Ticket`` of ``old_apps`` knows it (a new customer's)."""
    customer, organization = old_customer(old_apps)
    now = timezone.now()
    return old_apps.get_model("tickets", "Ticket").objects.create(
        subject=subject,
        description="Something is **broken**.",
        category="issue_with_error",
        priority="normal",
        status="open",
        requester_id=customer.pk,
        organization_id=organization.pk,
        tier_id=tier_id,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
