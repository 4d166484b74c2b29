"""Staff edit a ticket's fields outside its workflow: Django admin (``edit_ticket``), and the
priority and category on the desk and the API (``reclassify``)."""

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import signals
from ..models import Ticket
from ..states import Category, Priority
from ._common import _lock, record_event
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


def reclassify(
    ticket: Ticket, *, actor, priority: str = "", category: str = "", at=None
) -> list[str]:
    """Set the ticket's priority and/or category after submission (seed 003: Triage adjusts
    the priority of tickets when there is a backlog). Agents only; the timeline says who
    changed what from what. Returns the changes in words ([] when nothing changed)."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may change a ticket's priority or category.")
    errors = {}
    if priority and priority not in Priority.values:
        errors["priority"] = [f"Choose one of: {', '.join(Priority.labels)}."]
    if category and category not in Category.values:
        errors["category"] = [f"Choose one of: {', '.join(Category.labels)}."]
    if errors:
        raise ValidationFailed(
            "Choose a priority and a category the helpdesk knows.", fields=errors
        )
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(ticket.pk)
        changes: list[str] = []
        fields: list[str] = []
        if priority and priority != locked.priority:
            changes.append(
                f"priority {Priority(locked.priority).label} → {Priority(priority).label}"
            )
            locked.priority, fields = priority, [*fields, "priority"]
        if category and category != locked.category:
            changes.append(
                f"category {Category(locked.category).label} → {Category(category).label}"
            )
            locked.category, fields = category, [*fields, "category"]
        if not changes:
            return []
        locked.updated_at = at
        locked.save(update_fields=[*fields, "updated_at"])
        text = "; ".join(changes)
        record_event(
            locked,
            f"{text[0].upper()}{text[1:]}, by {actor.get_username()}.",
            actor=actor,
            at=at,
        )
        if "category" in fields:
            signals.category_changed.send(sender=Ticket, ticket=locked, at=at, actor=actor)
    ticket.priority, ticket.category = locked.priority, locked.category
    return changes
