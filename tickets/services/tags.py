"""Tags on a ticket, and the tag rows that tickets and tasks share."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import signals
from ..models import Tag, Ticket
from ..states import language_of
from ._common import _check_visible, _lock, record_event


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Tag names as typed: spaces folded, empty ones dropped, one per name case-blind."""
    cleaned: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > 100:
            raise ValidationFailed("A tag is at most 100 characters.", fields={"tags": [name]})
        cleaned.setdefault(name.lower(), name)
    return list(cleaned.values())


def tags_named(names: Sequence[str]) -> list[Tag]:
    """The tags of these (cleaned) names, case-blind, creating the missing ones: one query to
    find them and, when some are new, one insert and one read, however many names."""
    wanted = {name.lower(): name for name in names}
    if not wanted:
        return []

    def existing(keys) -> dict[str, Tag]:
        rows = Tag.objects.annotate(key=Lower("name")).filter(key__in=list(keys))
        return {tag.key: tag for tag in rows}

    found = existing(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        # Two agents adding the same new tag at once: the second insert is skipped.
        Tag.objects.bulk_create([Tag(name=wanted[key]) for key in missing], ignore_conflicts=True)
        found.update(existing(missing))
    return [found[key] for key in wanted]


@dataclass(frozen=True)
class TagChange:
    """What a tag write did to a ticket: the names it added and removed, as stored."""

    ticket: Ticket
    added: list[str]
    removed: list[str]


def _write_tags(ticket: Ticket, *, actor, wanted, event: bool = True) -> TagChange:
    """Lock the ticket, read its tags under the lock, and apply ``wanted(current) -> (add,
    remove)``: two agents changing tags at once both keep their change. Sends
    ``tickets.signals.tags_changed`` in the transaction. ``event``: a line on the timeline
    (a caller that writes its own, a known-issue link, says False)."""
    _check_visible(actor, ticket)
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may tag tickets.")
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        current = {tag.name.lower(): tag for tag in ticket.tags.all()}
        add, remove = wanted(current)
        removed = [current[key] for key in remove if key in current]
        added = tags_named([name for name in add if name.lower() not in current])
        if not (added or removed):
            return TagChange(ticket=ticket, added=[], removed=[])
        at = timezone.now()
        if removed:
            ticket.tags.remove(*removed)
        if added:
            ticket.tags.add(*added)
        ticket.updated_at = at
        # The Spanish tag makes the ticket's text searched in Spanish (states.language_of).
        gone = {tag.pk for tag in removed}
        kept = [tag.name for tag in current.values() if tag.pk not in gone]
        ticket.language = language_of([*kept, *(tag.name for tag in added)])
        ticket.save(update_fields=["updated_at", "language"])
        change = TagChange(
            ticket=ticket,
            added=[tag.name for tag in added],
            removed=[tag.name for tag in removed],
        )
        if event:
            record_event(ticket, _tags_line(actor, change), actor=actor, at=at)
        signals.tags_changed.send(
            sender=Ticket, ticket=ticket, added=change.added, removed=change.removed, at=at
        )
    return change


def _tags_line(actor, change: TagChange) -> str:
    parts = []
    if change.added:
        parts.append("tagged " + ", ".join(f"**{name}**" for name in change.added))
    if change.removed:
        parts.append("removed " + ", ".join(f"**{name}**" for name in change.removed))
    return f"{actor.get_username()} {' and '.join(parts)}."


def change_tags(
    ticket: Ticket,
    *,
    actor,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    event: bool = True,
) -> TagChange:
    """Add and remove tags (case-blind), keeping the others; missing tags are created. The one
    way to add a tag that others may be adding at the same time. ``event`` False: the caller
    writes the timeline's line itself."""
    adding = clean_tag_names(add)
    removing = {name.lower() for name in clean_tag_names(remove)}
    adding = [name for name in adding if name.lower() not in removing]
    return _write_tags(ticket, actor=actor, wanted=lambda current: (adding, removing), event=event)


def set_tags(ticket: Ticket, *, actor, names: Iterable[str]) -> Ticket:
    """Replace the ticket's tags with ``names`` (the API's PUT), creating tags that do not
    exist yet (names are case-blind)."""
    cleaned = clean_tag_names(names)
    keep = {name.lower() for name in cleaned}
    return _write_tags(
        ticket,
        actor=actor,
        wanted=lambda current: (cleaned, [key for key in current if key not in keep]),
    ).ticket
