"""Reads with more than one caller, scoped by who is asking, with their joins."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from helpdesk.core import fsm, roles
from helpdesk.core.errors import NotFound

from .. import hooks
from ..models import (
    Attachment,
    CustomerProfile,
    Message,
    Tag,
    Ticket,
    Tier,
    TransitionLog,
)
from ..states import (
    ACTIVE_STATUSES,
    AWAITING_CUSTOMER_STATUSES,
    PRIORITY_RANK,
    PUBLIC_MESSAGE_KINDS,
    MessageKind,
    Priority,
    Status,
)
from . import sorting
from .saved_views import ALL_TIERS, MY_TIERS


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """Agents see the desk; a customer their own tickets (a manager the organization's)."""
    qs = Ticket.objects.all()
    if roles.is_agent(user):
        return qs
    if roles.is_customer(user):
        profile = user.customer_profile
        if profile.is_manager:
            return qs.filter(Q(requester=user) | Q(organization_id=profile.organization_id))
        return qs.filter(requester=user)
    return qs.none()


def ticket_list(user) -> QuerySet[Ticket]:
    """The rows of a queue or ticket list: one query for the page, one for its tags."""
    return (
        tickets_visible_to(user)
        .select_related("requester", "organization", "assignee", "tier")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )


def submitted_ticket(ticket: Ticket) -> Ticket:
    """The ticket ``submit_ticket`` returned, ready to render without reading it back: a ticket
    just opened has no tags and no assignee; its requester and tier are loaded, and so is its
    organization when the requester's profile came with it (the API's token authentication)."""
    ticket._prefetched_objects_cache = {"tags": Tag.objects.none()}
    profile = ticket.requester.customer_profile
    if CustomerProfile.organization.is_cached(profile):
        ticket.organization = profile.organization
    return ticket


def get_ticket(user, number) -> Ticket:
    """A ticket this user may see, or NotFound (never 403: its existence is not disclosed).
    With the agent who filed it on the requester's behalf, if one did (the page names them)."""
    try:
        related = ("filed_by", "findings__author", "intake_confirmation", "question_discussed")
        return ticket_list(user).select_related(*related).get(pk=int(number))
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Ticket {number} was not found.") from None


def messages_visible_to(user, ticket: Ticket) -> QuerySet[Message]:
    qs = (
        Message.objects.filter(ticket=ticket)
        .select_related("author", "side_thread")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    )
    if not roles.is_agent(user):
        qs = qs.filter(kind__in=PUBLIC_MESSAGE_KINDS)
    return qs


def ticket_attachments(ticket: Ticket) -> QuerySet[Attachment]:
    """Files attached to the ticket's description."""
    return Attachment.objects.filter(ticket=ticket, message__isnull=True)


def transitions_of(ticket: Ticket) -> QuerySet[TransitionLog]:
    return TransitionLog.objects.filter(ticket=ticket).select_related("actor")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the desk's timeline: a status change (``change`` set, with its comment) or
    an event (``body``: who moved, assigned, tagged, linked or split the ticket)."""

    at: Any
    actor: Any
    change: TransitionLog | None = None
    body: str = ""


def timeline_of(ticket: Ticket, events: Collection[Message] | None = None) -> list[TimelineEntry]:
    """Status changes and events in the order they happened: two queries, one when the caller
    already holds the ticket's events (the page reads them with the conversation)."""
    if events is None:
        events = list(
            Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).select_related("author")
        )
    entries = [
        TimelineEntry(at=log.created_at, actor=log.actor, change=log)
        for log in transitions_of(ticket)
    ]
    entries += [TimelineEntry(at=m.created_at, actor=m.author, body=m.body) for m in events]
    return sorted(entries, key=lambda entry: entry.at)  # stable: a change before its events


def split_thread(messages) -> tuple[list[Message], list[Message]]:
    """The conversation (every message but events and the findings' search text, which the
    findings panel shows) and the timeline's events, from one read."""
    conversation: list[Message] = []
    events: list[Message] = []
    for message in messages:
        if message.kind == MessageKind.FINDINGS:
            continue
        (events if message.kind == MessageKind.EVENT else conversation).append(message)
    return conversation, events


def available_transitions(ticket: Ticket, user) -> list[dict[str, str]]:
    """The transitions this user may take on this ticket now: ``{name, target, label}``."""
    return fsm.available(ticket, "status", user)


def manual_transitions() -> list[dict[str, str]]:
    """Every transition a person may take by name (``{name, target, label, needs}``), whatever
    the status, in lifecycle order, Reopen last: the bulk bar's "New status" menu."""
    order = [*Status.values[1:], Status.OPEN]
    described = {
        item.name: fsm.describe(item)
        for item in Ticket().get_all_status_transitions()
        if item.custom.get("manual")
    }
    return sorted(described.values(), key=lambda t: (order.index(t["target"]), t["name"]))


def customer_tickets(user, statuses=None) -> QuerySet[Ticket]:
    """The portal's "My tickets" (a manager's: the organization's), one query a page.

    Tickets waiting for the customer's reply come first, then the most recently updated.
    """
    qs = (
        tickets_visible_to(user)
        .select_related("requester")
        .annotate(
            awaiting_customer=Case(
                When(status__in=AWAITING_CUSTOMER_STATUSES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("-awaiting_customer", "-updated_at", "-id")


def follow_ups_visible_to(user, ticket: Ticket) -> QuerySet[Ticket]:
    """The tickets that customer replies to this closed ticket opened, as far as user may see."""
    return tickets_visible_to(user).filter(linked_from=ticket).order_by("created_at", "id")


# --- the agent desk -------------------------------------------------------------------------


def priority_rank() -> F:
    """The sort rank of ``Ticket.priority``: top 0, high 1, normal 2, low 3 (a column the
    database computes, ``Ticket.priority_order``, so the queues' indexes can serve the order)."""
    return F("priority_order")


# The queue counts each status up to this many tickets and shows more as "1,000+": counting
# stops there, so the counts cost the same whether the desk holds a thousand tickets or millions
# (and a queue is paged up to there: past it, agents narrow the filters).
QUEUE_COUNT_CAP = 1_000


# What a queue row shows (templates/desk/_queue_results.html and the SLA badge): fifty rows a
# page are built from these alone, not from every column of four tables.
QUEUE_COLUMNS = (
    "subject",
    "status",
    "priority",
    "tier__name",
    "organization__name",
    "assignee__username",
    "created_at",
    "updated_at",
    "last_word",
)


@dataclass(frozen=True)
class DeskQueue:
    """One view of the desk queue.

    ``tickets`` is in the order asked for (top priority first, then oldest, by default), ready
    to paginate; ``counts`` holds the tickets per status under every filter but the status one,
    each exact up to ``QUEUE_COUNT_CAP`` and that number for the statuses in ``capped`` (which
    hold more); ``total`` is the number of rows in ``tickets`` (derived from ``counts``, so
    paginating costs no second COUNT), a lower bound when ``total_capped``.
    """

    tickets: QuerySet[Ticket]
    counts: dict[str, int]
    total: int
    capped: frozenset[str] = frozenset()
    total_capped: bool = False


def _capped_counts(base: QuerySet[Ticket], statuses: list[str], cap: int) -> dict[str, int]:
    """Tickets of ``base`` per status, each counted up to ``cap + 1``, in one statement.

    Each count reads at most ``cap + 1`` index entries (``LIMIT`` inside the count), where a
    ``GROUP BY status`` would read every matching ticket, closed ones included.
    """
    parts: list[str] = []
    params: list[Any] = []
    for status in statuses:
        query = base.filter(status=status).order_by().values("pk")[: cap + 1].query
        sql, part_params = query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{len(parts)})")
        params.extend(part_params)
    with connections[base.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(statuses, row, strict=True))


def desk_queue(
    user,
    *,
    statuses: Collection[str] = ACTIVE_STATUSES,
    tier: str = "",
    assignee: str = "",
    category: str = "",
    priority: str = "",
    tag: str = "",
    sort: str = sorting.DEFAULT_SORT,
) -> DeskQueue:
    """The agent queue: one statement for the counts, one for a page, one for its tags, and one
    for each prefetch another app registered for the rows (``hooks``: the SLA clocks).

    ``assignee`` is ``"me"``, ``"none"`` (unassigned) or empty (anyone); ``tier`` a tier slug,
    ``"mine"`` (the tiers ``user`` is a member of), or empty or ``"all"`` (every tier); ``tag``
    a tag name (case-blind); ``sort`` an order of ``selectors.sorting`` (``-created``…).
    """
    base = tickets_visible_to(user)
    if tier == MY_TIERS:
        mine = Tier.members.through.objects.filter(user_id=user.pk).values("tier_id")
        base = base.filter(tier_id__in=Subquery(mine))
    elif tier and tier != ALL_TIERS:
        # A subquery, not a join: the tier's id is then a constant to the planner.
        tier_id = Tier.objects.filter(slug=tier).order_by().values("pk")[:1]
        base = base.filter(tier_id=Subquery(tier_id))
    if assignee == "me":
        base = base.filter(assignee=user)
    elif assignee == "none":
        base = base.filter(assignee__isnull=True)
    if category:
        base = base.filter(category=category)
    if priority:
        # The same tickets as priority=…, by the column the queue's indexes hold.
        base = base.filter(priority_order=PRIORITY_RANK[Priority(priority)])
    if tag:
        base = base.filter(tags__name__iexact=tag)
    counted = _capped_counts(base, Status.values, QUEUE_COUNT_CAP)
    capped = frozenset(status for status, n in counted.items() if n > QUEUE_COUNT_CAP)
    counts = {status: min(n, QUEUE_COUNT_CAP) for status, n in counted.items()}
    wanted = sorted(str(s) for s in statuses)  # as ticket_desk_active_idx's condition lists them
    # Every status is no status filter at all, so ticket_desk_all_idx serves the order.
    shown = base if set(wanted) >= set(Status.values) else base.filter(status__in=wanted)
    tickets = sorting.sort_tickets(
        shown.select_related("organization", "assignee", "tier")
        .only(*QUEUE_COLUMNS)
        # Into plain lists (to_attr): no queryset built per row to hold them.
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name"), to_attr="tag_list"),
            *hooks.queue_row_prefetches(),
        ),
        sort,
    )
    return DeskQueue(
        tickets=tickets,
        counts=counts,
        total=sum(counts[s] for s in wanted),
        capped=capped,
        total_capped=any(s in capped for s in wanted),
    )


def desk_tiers() -> list[tuple[str, str]]:
    """(slug, name) of every tier, in escalation order, for the queue's tier filter."""
    return list(Tier.objects.order_by("level").values_list("slug", "name"))


from .agents import (  # noqa: E402, F401  who works the desk, who an assignee is
    assignable_agents,
    tier_agent_ids,
    user_named,
)

# --- customers an agent files a ticket for (a phone call); live updates of the desk's ticket
# page (docs/decisions/0013-live-updates.md) ----------------------------------------------------
from .customers import (  # noqa: E402, F401  the desk's filing form
    CustomerMatches,
    customers_for_filing,
    customers_matching,
)
from .findings import (  # noqa: E402, F401  the findings panel, the portal's workaround
    Workaround,
    findings_of,
    intake_confirmation,
    needs_discussion,
    workaround_for_customer,
)
from .live import (  # noqa: E402, F401  the desk's poll
    LiveState,
    Viewer,
    any_ticket_changed_since,
    live_state,
    live_version,
)

# The queue's views: the tiers of its filter, saved views, where an agent lands.
from .saved_views import (  # noqa: E402, F401
    QueueTier,
    landing_query,
    queue_tiers,
    saved_views_for,
)


def merge_candidates(ticket: Ticket) -> QuerySet[Ticket]:
    """The same customer's other open tickets, newest first: where a duplicate may merge."""
    return (
        Ticket.objects.filter(requester_id=ticket.requester_id, status__in=ACTIVE_STATUSES)
        .exclude(pk=ticket.pk)
        .order_by("-created_at", "-id")[:20]
    )


from .partners import (  # noqa: E402, F401  seed 003-60 and 003-61
    PARTNERS_PAGE,
    partner_directory,
    partner_tickets_of,
    partners_for_choice,
    preferred_contacts,
)
