"""The organizations, customers, agents and tags bulk tickets hang off, created idempotently."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from helpdesk.core.roles import AGENTS_GROUP
from tickets.models import CustomerProfile, Organization, Tag, Tier

from .data import BULK_CUSTOMERS_PER_ORGANIZATION, BULK_ORGANIZATIONS, BULK_TAGS


@dataclass(frozen=True)
class Population:
    """What bulk tickets hang off: ids only, so generating rows costs no queries."""

    customers: list[tuple[int, int]]  # (user id, organization id)
    tiers: list[tuple[int, str]]  # (tier id, slug)
    agents_by_tier: dict[int, list[int]]
    tags: list[int]


def _user(username: str):
    """The user ``username``, created with no usable password when missing."""
    found, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@bulk.example.com"}
    )
    if created:
        found.set_unusable_password()
        found.save(update_fields=["password"])
    return found


def ensure_population() -> Population:
    """Create (or find) the bulk organizations, customers, agents and tags. Idempotent."""
    agents_group = Group.objects.get(name=AGENTS_GROUP)

    customers = []
    for org_number in range(1, BULK_ORGANIZATIONS + 1):
        org, _ = Organization.objects.get_or_create(
            slug=f"bulk-org-{org_number}", defaults={"name": f"Bulk Org {org_number}"}
        )
        for number in range(1, BULK_CUSTOMERS_PER_ORGANIZATION + 1):
            customer = _user(f"bulk-customer-{org_number}-{number}")
            profile, _ = CustomerProfile.objects.get_or_create(
                user=customer, defaults={"organization": org, "is_manager": number == 1}
            )
            customers.append((customer.pk, profile.organization_id))

    tiers = list(Tier.objects.order_by("level").values_list("pk", "slug"))
    if not tiers:
        raise RuntimeError("No escalation tiers exist; run the migrations first.")
    agents_by_tier = {}
    for tier_id, slug in tiers:
        agent = _user(f"bulk-agent-{slug}")
        agent.groups.add(agents_group)
        Tier.objects.get(pk=tier_id).members.add(agent)
        agents_by_tier[tier_id] = [agent.pk]

    tags = []
    for name in BULK_TAGS:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag.pk)
    return Population(customers=customers, tiers=tiers, agents_by_tier=agents_by_tier, tags=tags)
