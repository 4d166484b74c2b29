"""Support packs: configuring them, and the draw-down of billable time with its notifications.

The packs valid for an entry's day are locked (``select_for_update``, always in id order) while
the entry is written, so the usage before and after the entry is exact even when two agents log
time at once; crossing the warning line (``HELPDESK_PACK_WARNING_PERCENT``, 80%) or the 100% line
queues one outbox row per pack, threshold and recipient (``pack-80:<pack id>``).
"""

import logging
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from helpdesk.notifications import services as outbox
from tickets.models import CustomerProfile

from .. import selectors
from ..display import duration
from ..models import SupportPack, TimeEntry

logger = logging.getLogger(__name__)


def save_pack(pack: SupportPack) -> SupportPack:
    """Create or change a support pack (the admin, the demo). Time already drawn from it stays
    where it is, and no threshold email is sent for a change of hours: only new time notifies."""
    with transaction.atomic():
        pack.save()
    return pack


def lock_packs(organization_id: int | None, on: date, *also: int | None) -> list[SupportPack]:
    """The packs valid for an organization on a day (plus ``also`` by id), locked in id order
    so two writers never wait on each other crosswise; sorted oldest-expiring first."""
    condition = Q(pk__in=[pk for pk in also if pk])
    if organization_id is not None:
        condition |= Q(organization_id=organization_id, valid_from__lte=on, valid_until__gte=on)
    packs = list(SupportPack.objects.select_for_update().filter(condition).order_by("id"))
    return sorted(packs, key=lambda p: (p.valid_until, p.valid_from, p.pk))


def _choose_pack(packs: list[SupportPack], organization_id: int, on: date, used: dict):
    """The valid pack expiring first that has hours left; when all are used up, the one valid
    longest (it is overdrawn: the entry still records and reports say "overdrawn")."""
    valid = [
        p
        for p in packs
        if p.organization_id == organization_id and p.valid_from <= on <= p.valid_until
    ]
    for pack in valid:
        if used.get(pack.pk, 0) < pack.hours * 60:
            return pack
    return valid[-1] if valid else None


def _pack_recipients(pack: SupportPack) -> list[tuple[str, str]]:
    """(email, dedupe suffix): the pack's consultant; without one, the organization's managers
    (they bought the pack and can renew it); nobody at all is logged as a warning."""
    if pack.consultant is not None:
        return [(pack.consultant.email, "")]
    managers = CustomerProfile.objects.filter(
        organization_id=pack.organization_id, is_manager=True
    ).select_related("user")
    found = [(p.user.email, f":manager:{p.user_id}") for p in managers if p.user.email]
    if not found:
        logger.warning(
            "Support pack %s of %s has no consultant and the organization no manager with an "
            "email: nobody is told it is running out.",
            pack.pk,
            pack.organization_id,
        )
    return found


def _notify_thresholds(pack: SupportPack, before: int, after: int, at: datetime) -> list[str]:
    """An outbox row per recipient for the highest threshold this change crossed upwards (none
    when it crossed none); returns their dedupe keys."""
    total = pack.hours * 60
    warn = settings.HELPDESK_PACK_WARNING_PERCENT
    crossed = [t for t in (100, warn) if before * 100 < t * total <= after * 100]
    if not crossed:
        return []
    threshold = crossed[0]
    kind = "support_pack_used_up" if threshold >= 100 else "support_pack_warning"
    keys = []
    for email, suffix in _pack_recipients(pack):
        key = f"pack-{threshold}:{pack.pk}{suffix}"
        outbox.enqueue(
            kind=kind,
            recipient=email,
            template="timesheets/emails/pack_threshold",
            context={
                "pack": pack,
                "organization": pack.organization,
                "threshold": threshold,
                "percent": int(after * 100 / total),
                "used": duration(after),
                "left": duration(max(total - after, Decimal(0))),
                "overdrawn": duration(after - total) if after > total else "",
                "hours": pack.hours,
            },
            dedupe_key=key,
            at=at,
        )
        keys.append(key)
    return keys


def draw(entry: TimeEntry, packs: list[SupportPack], at: datetime, *, old: tuple | None = None):
    """Point a billable entry at its pack, save it, and notify on crossings. ``packs`` are the
    ones ``lock_packs`` returned, in the caller's transaction.

    ``old`` is (pack id, minutes) the entry drew before an edit, so the usage "before" of that
    pack is measured without this entry's new minutes.
    """
    pack_ids = [p.pk for p in packs]
    used = selectors.used_minutes(pack_ids)
    if old and old[0] in used:
        used[old[0]] -= old[1]  # the usage without this entry
    pack = None
    if entry.billable and entry.ticket is not None:
        pack = _choose_pack(packs, entry.ticket.organization_id, entry.date, used)
    entry.support_pack = pack
    entry.save()
    if pack is not None:
        before = used.get(pack.pk, 0)
        _notify_thresholds(pack, before, before + entry.minutes, at)
    return entry
