"""Staff edit a ticket's fields outside its workflow (Django admin)."""

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from ..models import Ticket
from ._common import _lock
from .assignment import assign
from .moves import move_to_tier
from .tags import set_tags

# Plain data: saved as given. The tier, the assignee and the tags have services of their own.
PLAIN_FIELDS = frozenset(
    {
        "subject",
        "description",
        "category",
        "priority",
        "requester",
        "organization",
        "linked_from",
        "production_url",
        "version_seen",
        "browser",
        "steps_to_reproduce",
        "error_text",
    }
)
EDITABLE = PLAIN_FIELDS | {"tier", "assignee", "tags"}


def edit_ticket(ticket: Ticket, *, actor, changes: dict) -> Ticket:
    """Change the fields named in ``changes`` in one transaction. A new tier goes through
    ``move_to_tier`` (SLA clocks and the timeline follow), a new assignee through ``assign``
    (the assignment rules, such as Spanish, hold), tags through ``set_tags`` (known-issue links
    follow). The status is never edited here: it has its transitions."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only staff may edit tickets.")
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}."
        )
    with transaction.atomic():
        locked = _lock(ticket.pk)
        plain = {name: value for name, value in changes.items() if name in PLAIN_FIELDS}
        if plain:
            for name, value in plain.items():
                setattr(locked, name, value)
            locked.updated_at = timezone.now()
            locked.save(update_fields=[*plain, "updated_at"])
        if "tags" in changes:
            set_tags(locked, actor=actor, names=[tag.name for tag in changes["tags"]])
        if "tier" in changes and changes["tier"].pk != locked.tier_id:
            locked = move_to_tier(locked, actor=actor, tier=changes["tier"])
        if "assignee" in changes and getattr(changes["assignee"], "pk", None) != (
            Ticket.objects.values_list("assignee_id", flat=True).get(pk=locked.pk)
        ):
            locked = assign(locked, actor=actor, assignee=changes["assignee"])
    return locked
