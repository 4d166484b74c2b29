"""Reads of the escalation app with more than one caller, with their joins."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from helpdesk.core.calendar import business_days_before
from helpdesk.core.errors import NotFound
from helpdesk.core.weeks import week_bounds
from tickets import selectors as ticket_selectors
from tickets.models import Message, Tag, Ticket, Tier
from tickets.states import ACTIVE_STATUSES, MessageKind

from ..errors import UnknownTier
from ..models import (
    Escalation,
    OnCallAlert,
    OnCallContact,
    Team,
    TicketRouting,
    TierRules,
)
from ..states import OPEN_ALERT_STATES, Direction

# --- tiers ------------------------------------------------------------------------------------


ON_CALL = Q(rules__is_on_call=True)


def tiers() -> QuerySet[Tier]:
    """Every tier in escalation order, each with its rules (one query)."""
    return Tier.objects.select_related("rules").order_by("level")


def rules_of(tier: Tier) -> TierRules:
    """The escalation rules of ``tier``: its row, or the defaults when the tier has none (a tier
    added outside admin, where the rules are edited with it). Cached on the tier."""
    try:
        return tier.rules
    except TierRules.DoesNotExist:
        return TierRules(tier=tier)


def tier_named(value: str, *, field: str = "target_tier") -> Tier:
    """A tier by code (``T2``) or slug (``t2``), case-blind; ``ValidationFailed`` otherwise."""
    value = (value or "").strip()
    tier = tiers().filter(Q(code__iexact=value) | Q(slug__iexact=value)).first()
    if tier is None:
        codes = ", ".join(tiers().values_list("code", flat=True))
        raise UnknownTier(
            f"There is no tier {value!r}.", fields={field: [f"Choose one of: {codes}."]}
        )
    return tier


def entry_tier() -> Tier:
    """Where new, split and de-escalated-to-team tickets wait: the lowest tier (Triage)."""
    tier = tiers().exclude(ON_CALL).first() or tiers().first()
    assert tier is not None  # the tiers are rows of a data migration
    return tier


def route_targets() -> QuerySet[Tier]:
    """Where Triage may route a ticket without an escalation: every tier but On-Call (which is
    paged through an escalation)."""
    return tiers().exclude(ON_CALL)


def next_tier_up(tier: Tier) -> Tier | None:
    """The default target of an escalation up: the next tier by order, On-Call never by default."""
    return tiers().filter(level__gt=tier.level).exclude(ON_CALL).first()


def tiers_above(tier: Tier) -> QuerySet[Tier]:
    if rules_of(tier).is_on_call:
        return Tier.objects.none()
    return tiers().filter(Q(level__gt=tier.level) | ON_CALL)


def tiers_below(tier: Tier) -> QuerySet[Tier]:
    if rules_of(tier).is_on_call:
        return tiers().exclude(ON_CALL)
    return tiers().filter(level__lt=tier.level).exclude(ON_CALL)


def default_tier_down(ticket) -> Tier | None:
    """Back to the tier that escalated it here (the latest escalation up into this tier), else the
    next tier below."""
    came_from = (
        Escalation.objects.filter(ticket=ticket, direction=Direction.UP, to_tier_id=ticket.tier_id)
        .select_related("from_tier")
        .order_by("-at", "-id")
        .first()
    )
    below = tiers_below(ticket.tier)
    if came_from is not None and came_from.from_tier.level < ticket.tier.level:
        return came_from.from_tier
    if came_from is not None and rules_of(ticket.tier).is_on_call:
        return came_from.from_tier
    return below.order_by("-level").first()


# --- escalations ------------------------------------------------------------------------------


def escalations_of(ticket) -> QuerySet[Escalation]:
    return (
        Escalation.objects.filter(ticket=ticket)
        .select_related("from_tier", "to_tier", "actor", "reviewed_by")
        .order_by("at", "id")
    )


def last_escalation(ticket) -> Escalation | None:
    return Escalation.objects.filter(ticket=ticket).order_by("-at", "-id").first()


def review_list(week_start: date) -> QuerySet[Escalation]:
    """Escalations of the week (Monday ``week_start``) that added Process Tweak or Missed Doc
    Review, oldest first, each with its ticket's whole escalation thread (``ticket.thread``).
    Three queries whatever the number of rows."""
    start, end = week_bounds(week_start)
    return (
        Escalation.objects.filter(needs_review=True, at__gte=start, at__lt=end)
        .select_related("ticket", "ticket__organization", "from_tier", "to_tier", "actor")
        .select_related("reviewed_by")
        .prefetch_related(
            Prefetch("ticket__tags", queryset=Tag.objects.order_by("name")),
            Prefetch(
                "ticket__escalations",
                queryset=Escalation.objects.select_related(
                    "from_tier", "to_tier", "actor"
                ).order_by("at", "id"),
                to_attr="thread",
            ),
        )
        .order_by("at", "id")
    )


# --- queues -----------------------------------------------------------------------------------


def picking_order(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Top priority first, then oldest: the order agents pick tickets in."""
    return qs.annotate(priority_rank=ticket_selectors.priority_rank()).order_by(
        "priority_rank", "created_at", "id"
    )


def tier_queue(
    user, tier: Tier | None, *, mine: bool = False, unassigned: bool = False
) -> QuerySet[Ticket]:
    """Active tickets of a tier (every tier when ``None``), "Mine" or "Unassigned", in picking
    order, with their rows' joins."""
    qs = ticket_selectors.ticket_list(user).filter(status__in=list(ACTIVE_STATUSES))
    if tier is not None:
        qs = qs.filter(tier=tier)
    if mine:
        qs = qs.filter(assignee=user)
    if unassigned:
        qs = qs.filter(assignee__isnull=True)
    return picking_order(qs)


def routing_of(ticket) -> TicketRouting | None:
    return (
        TicketRouting.objects.filter(ticket=ticket)
        .select_related("team")
        .prefetch_related("followers")
        .first()
    )


def teams() -> QuerySet[Team]:
    return Team.objects.order_by("name")


# --- the T3 morning check ---------------------------------------------------------------------


@dataclass(frozen=True)
class MorningRow:
    ticket: Ticket
    since: datetime
    overdue: bool
    escalation: Escalation | None


def morning_check(user, tier: Tier, now: datetime, days: int = 2) -> list[MorningRow]:
    """Active tickets escalated into ``tier``: those without a public reply for ``days`` business
    days first (oldest silence first), then the rest. Three queries."""
    cutoff = business_days_before(now, days)
    last_up = Escalation.objects.filter(
        ticket=OuterRef("pk"), direction=Direction.UP, to_tier=tier
    ).order_by("-at", "-id")
    last_public = Message.objects.filter(
        ticket=OuterRef("pk"), kind=MessageKind.PUBLIC_REPLY
    ).order_by("-created_at", "-id")
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    qs = (
        ticket_selectors.ticket_list(user)
        .filter(tier=tier, status__in=list(ACTIVE_STATUSES))
        .filter(Exists(last_up))
        .annotate(
            escalated_at=Subquery(last_up.values("at")[:1]),
            escalation_id=Subquery(last_up.values("pk")[:1]),
            replied_at=Subquery(last_public.values("created_at")[:1]),
        )
        .annotate(
            since=Greatest(
                "escalated_at",
                Coalesce("replied_at", Value(epoch, output_field=DateTimeField())),
                output_field=DateTimeField(),
            )
        )
        .annotate(
            overdue=Case(
                When(since__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-overdue", "since", "id")
    )
    rows = list(qs)
    escalations = {
        e.pk: e
        for e in Escalation.objects.filter(pk__in=[t.escalation_id for t in rows]).select_related(
            "from_tier", "actor"
        )
    }
    return [
        MorningRow(
            ticket=t, since=t.since, overdue=t.overdue, escalation=escalations.get(t.escalation_id)
        )
        for t in rows
    ]


def silent_since(ticket, tier: Tier) -> datetime | None:
    """When the customer last heard from staff about ``ticket`` in ``tier``: the later of its
    latest escalation into the tier and its latest public reply."""
    escalated = (
        Escalation.objects.filter(ticket=ticket, direction=Direction.UP, to_tier=tier)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    replied = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    moments = [m for m in (escalated, replied) if m is not None]
    return max(moments) if moments else None


# --- on call ----------------------------------------------------------------------------------


def open_alert(ticket) -> OnCallAlert | None:
    return OnCallAlert.objects.filter(ticket=ticket, state__in=OPEN_ALERT_STATES).first()


def on_call_agents(at: datetime) -> list:
    """Who is on call at ``at``: the rota's shifts covering it, else the on-call tier's members."""
    User = get_user_model()
    on_shift = list(
        User.objects.filter(
            is_active=True,
            on_call_shifts__starts_at__lte=at,
            on_call_shifts__ends_at__gt=at,
        )
        .distinct()
        .order_by("username")
    )
    if on_shift:
        return on_shift
    return list(
        User.objects.filter(is_active=True, tiers__rules__is_on_call=True)
        .distinct()
        .order_by("username")
    )


def authorized_escalators() -> list:
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, agent_profile__authorized_escalator=True)
        .select_related("agent_profile")
        .order_by("username")
    )


def contact_list() -> list[OnCallContact]:
    return list(OnCallContact.objects.filter(active=True).order_by("position", "name"))


def get_escalation(pk) -> Escalation:
    try:
        return Escalation.objects.select_related("ticket").get(pk=int(pk))
    except (Escalation.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"Escalation {pk} was not found.") from None


def agents_by_tier() -> list[tuple[Tier, list]]:
    """Each tier Triage routes to, with its active agents by name (two queries)."""
    targets = list(
        route_targets().prefetch_related(
            Prefetch(
                "members",
                queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
            )
        )
    )
    return [(tier, list(tier.members.all())) for tier in targets]


from .team_queues import TEAM_PAGE as TEAM_PAGE  # noqa: E402  the teams' queues
from .team_queues import open_flag_count as open_flag_count  # noqa: E402
from .team_queues import product_flagged as product_flagged  # noqa: E402
from .team_queues import team_named as team_named  # noqa: E402
from .team_queues import team_queue as team_queue  # noqa: E402
from .team_queues import teams_with_counts as teams_with_counts  # noqa: E402


def previous_answerer(ticket, tier: Tier):
    """The agent of ``tier`` who last answered the customer on ``ticket`` (a public reply), if
    still active there: seed 003's "if you've answered back to the user, you'll have the
    ticket assigned to you"."""
    author_id = (
        Message.objects.filter(
            ticket_id=ticket.pk,
            kind=MessageKind.PUBLIC_REPLY,
            author__tiers=tier,
            author__is_active=True,
        )
        .order_by("-created_at", "-id")
        .values_list("author_id", flat=True)
        .first()
    )
    return get_user_model().objects.filter(pk=author_id).first() if author_id else None


from .experts import EXPERTS_PAGE as EXPERTS_PAGE  # noqa: E402  seed 000's Experts list
from .experts import Expert as Expert  # noqa: E402
from .experts import experts as experts  # noqa: E402
from .experts import topics_of as topics_of  # noqa: E402
from .oncall_requests import awaiting_request as awaiting_request  # noqa: E402  seed 003
from .oncall_requests import leads as leads  # noqa: E402
from .watchers import watcher_candidates as watcher_candidates  # noqa: E402  seed 003-55
from .watchers import watchers_of as watchers_of  # noqa: E402
