"""The teams' queues (seed 003: Engagement, Product, Marketing own the tickets sent to them;
Product also sees every ticket flagged Notify Product)."""

from django.db.models import Count, Q, QuerySet

from tickets.models import Ticket
from tickets.states import ACTIVE_STATUSES

from ..models import Team

TEAM_PAGE = 100


def teams_with_counts() -> QuerySet[Team]:
    """Every team with its open tickets and, for Product, the open flagged ones (one query)."""
    active = Q(tickets__ticket__status__in=ACTIVE_STATUSES)
    return Team.objects.order_by("name").annotate(open_tickets=Count("tickets", filter=active))


def team_named(slug: str) -> Team | None:
    return Team.objects.filter(slug__iexact=(slug or "").strip()).first()


def _rows(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return qs.select_related(
        "requester", "organization", "assignee", "tier", "routing", "routing__sent_to_team_by"
    )


def team_queue(team: Team) -> QuerySet[Ticket]:
    """The team's open tickets, the longest waiting first (at most ``TEAM_PAGE``)."""
    qs = Ticket.objects.filter(routing__team=team, status__in=ACTIVE_STATUSES)
    return _rows(qs).order_by("routing__sent_to_team_at", "id")[:TEAM_PAGE]


def product_flagged() -> QuerySet[Ticket]:
    """Open tickets flagged Notify Product, newest flag first (at most ``TEAM_PAGE``)."""
    qs = Ticket.objects.filter(routing__notify_product=True, status__in=ACTIVE_STATUSES)
    return _rows(qs).order_by("-routing__product_flagged_at", "-id")[:TEAM_PAGE]


def open_flag_count() -> int:
    return Ticket.objects.filter(routing__notify_product=True, status__in=ACTIVE_STATUSES).count()
