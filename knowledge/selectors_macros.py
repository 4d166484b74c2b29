"""Reads of macros: which an agent may use (on a ticket), the leads' list, and a macro's text
filled in for one ticket."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from escalation.models import Team
from helpdesk.core.errors import NotFound
from helpdesk.notifications.selectors import signature_of
from tickets.models import Ticket, Tier
from tickets.states import Category, Language, Priority

from . import macro_text, policies_macros
from .macro_models import Macro, MacroScope, MacroStatus

STALE_AFTER = timedelta(days=90)
PICKER_LIMIT = 20


def _usable_by(user, ticket: Ticket | None = None) -> Q:
    """Everyone's macros, the person's own, those of their tiers and teams; on a ticket, also
    those of the ticket's tier (whoever works a ticket may answer with its tier's macros)."""
    rule = (
        Q(scope=MacroScope.EVERYONE)
        | Q(scope=MacroScope.PERSON, owner_id=user.pk)
        | Q(scope=MacroScope.TIER, tier__in=Tier.objects.filter(members=user.pk).values("pk"))
        | Q(scope=MacroScope.TEAM, team__in=Team.objects.filter(members=user.pk).values("pk"))
    )
    if ticket is not None:
        rule |= Q(scope=MacroScope.TIER, tier_id=ticket.tier_id)
    return rule


def macros_usable_by(user, ticket: Ticket | None = None, query: str = "") -> QuerySet[Macro]:
    """The macros ``user`` may use (on ``ticket``), matching ``query`` in their name, shortcut
    or text when given; one query with their owner, tier and team."""
    qs = Macro.objects.filter(_usable_by(user, ticket)).select_related("owner", "tier", "team")
    query = " ".join((query or "").split()).lstrip("/")
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(shortcut__istartswith=query) | Q(body__icontains=query)
        )
    return qs.order_by("shortcut", "language", "id")


def pick_variants(macros: Iterable[Macro], language: str) -> list[Macro]:
    """One macro per shortcut: the variant in ``language``, else the English one, else the
    first; in the order given."""
    chosen: dict[str, Macro] = {}

    def rank(macro: Macro) -> int:
        if macro.language == language:
            return 0
        return 1 if macro.language == Language.ENGLISH else 2

    for macro in macros:
        key = macro.shortcut.lower()
        if key not in chosen or rank(macro) < rank(chosen[key]):
            chosen[key] = macro
    return sorted(chosen.values(), key=lambda m: (m.shortcut, m.pk))


def picker_macros(user, ticket: Ticket, query: str = "") -> list[Macro]:
    """The reply box's list: the variants for the ticket's language, at most ``PICKER_LIMIT``."""
    return pick_variants(macros_usable_by(user, ticket, query), ticket.language)[:PICKER_LIMIT]


def usable_macro(user, ticket: Ticket | None, macro_id) -> Macro:
    """Macro ``macro_id`` if ``user`` may use it (on ``ticket``), else NotFound."""
    try:
        return macros_usable_by(user, ticket).get(pk=int(macro_id))
    except (Macro.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Macro {macro_id} was not found.") from None


def macro_for_shortcut(user, ticket: Ticket, shortcut: str) -> Macro:
    """What ``/shortcut`` typed on ``ticket`` inserts: the variant in the ticket's language of
    the macros with that shortcut ``user`` may use, else NotFound."""
    shortcut = (shortcut or "").strip().lstrip("/").lower()
    candidates = macros_usable_by(user, ticket).filter(shortcut__iexact=shortcut)
    found = pick_variants(candidates, ticket.language) if shortcut else []
    if not found:
        raise NotFound(f"No macro /{shortcut} for this ticket.")
    return found[0]


def macro_list(user, *, stale_only: bool = False, now: datetime | None = None) -> QuerySet[Macro]:
    """The macros page: every macro for a lead, the usable ones for an agent; most used first.
    ``stale_only``: unused (or never used and written) for ``STALE_AFTER``."""
    qs = Macro.objects.select_related("owner", "tier", "team")
    if not policies_macros.may_see_all_macros(user):
        qs = qs.filter(_usable_by(user))
    if stale_only:
        since = (now or timezone.now()) - STALE_AFTER
        qs = qs.filter(
            Q(last_used_at__lt=since) | Q(last_used_at__isnull=True, created_at__lt=since)
        )
    return qs.order_by("-use_count", "shortcut", "language", "id")


def is_stale(macro: Macro, now: datetime | None = None) -> bool:
    since = (now or timezone.now()) - STALE_AFTER
    return (macro.last_used_at or macro.created_at) < since


def get_macro(macro_id) -> Macro:
    try:
        return Macro.objects.select_related("owner", "tier", "team").get(pk=int(macro_id))
    except (Macro.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Macro {macro_id} was not found.") from None


# --- the text for one ticket ------------------------------------------------------------------


def _name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def placeholder_values(ticket: Ticket, agent) -> dict[str, str]:
    """What each placeholder stands for on ``ticket`` written by ``agent`` (the ticket with its
    requester and organization loaded; one query for the signature)."""
    customer, name = ticket.requester, _name_of(agent)
    # As the emails sign: a first line that only repeats the name is left out, so
    # "{{ agent.name }}" above "{{ agent.signature }}" names the agent once.
    signature = signature_of(agent.pk).splitlines()
    if signature and signature[0].strip().lower() == name.lower():
        signature = signature[1:]
    return {
        "customer.first_name": customer.first_name or customer.get_username(),
        "ticket.number": str(ticket.pk),
        "ticket.subject": ticket.subject,
        "agent.name": name,
        "agent.signature": "\n".join(signature).strip(),
        "organization.name": ticket.organization.name,
    }


@dataclass(frozen=True)
class Rendered:
    """A macro filled in for a ticket: the text to edit, and its actions in words (chips)."""

    macro: Macro
    text: str
    actions: list[str]


def action_labels(macro: Macro) -> list[str]:
    """The macro's actions as the reply box's chips say them."""
    labels = []
    if macro.add_tags:
        labels += [f"Tag: {name}" for name in tag_names(macro)]
    if macro.set_category:
        labels.append(f"Category: {Category(macro.set_category).label}")
    if macro.set_priority:
        labels.append(f"Priority: {Priority(macro.set_priority).label}")
    if macro.set_status:
        labels.append(f"Status: {MacroStatus(macro.set_status).label}")
    if macro.link_article:
        labels.append(f"Link article {macro.link_article}")
    return labels


def tag_names(macro: Macro) -> list[str]:
    return [name.strip() for name in macro.add_tags.split(",") if name.strip()]


def render_for(macro: Macro, ticket: Ticket, agent) -> Rendered:
    text = macro_text.fill(macro.body, placeholder_values(ticket, agent))
    return Rendered(macro=macro, text=text, actions=action_labels(macro))
