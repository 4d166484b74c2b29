"""Reads of customer satisfaction shared by its pages: the portal's question, the link's page
and the leads' dashboard figures."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from tickets.models import Ticket
from tickets.states import Category

from .models import Survey
from .states import Rating


def latest_survey(ticket: Ticket) -> Survey | None:
    """The ticket's latest round (the one its portal page asks about)."""
    return Survey.objects.filter(ticket=ticket).order_by("-round").first()


def survey_with_ticket(survey_id: int) -> Survey | None:
    """The survey a link names, with the ticket number and subject its page shows."""
    return (
        Survey.objects.select_related("ticket")
        .only(
            "id", "round", "rating", "answered_at", "commented_at", "ticket__id", "ticket__subject"
        )
        .filter(pk=survey_id)
        .first()
    )


@dataclass(frozen=True)
class Figures:
    """One row of the dashboard: surveys sent for tickets resolved in the period, answers,
    good and not good, and the percentages (None when there is nothing to divide)."""

    label: str
    sent: int
    answered: int
    good: int
    not_good: int

    @property
    def good_percent(self) -> int | None:
        return round(100 * self.good / self.answered) if self.answered else None

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None


def _counted(rows: QuerySet[Survey], *group: str) -> QuerySet:
    return (
        rows.order_by()
        .values(*group)
        .annotate(
            sent=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            good=Count("id", filter=Q(rating=Rating.GOOD)),
            not_good=Count("id", filter=Q(rating=Rating.NOT_GOOD)),
        )
    )


def _figures(label: str, row: dict) -> Figures:
    return Figures(label, row["sent"], row["answered"], row["good"], row["not_good"])


def _agent_name(row: dict) -> str:
    if row["agent_id"] is None:
        return "Nobody (unassigned)"
    full = f"{row['agent__first_name']} {row['agent__last_name']}".strip()
    return full or row["agent__username"]


def dashboard_figures(since: datetime) -> dict[str, list[Figures]]:
    """Satisfaction per agent, per tier and per category for tickets resolved since ``since``
    (three queries, whatever the number of surveys); most surveys first."""
    rows = Survey.objects.filter(resolved_at__gte=since)
    agents = [
        _figures(_agent_name(row), row)
        for row in _counted(
            rows, "agent_id", "agent__first_name", "agent__last_name", "agent__username"
        )
    ]
    tiers = [
        _figures(row["tier__name"], row)
        for row in _counted(rows, "tier_id", "tier__name", "tier__level").order_by("tier__level")
    ]
    labels = dict(Category.choices)
    categories = [
        _figures(labels.get(row["category"], row["category"]), row)
        for row in _counted(rows, "category")
    ]

    def ordered(items: list[Figures]) -> list[Figures]:
        return sorted(items, key=lambda item: (-item.sent, item.label))

    return {"agents": ordered(agents), "tiers": tiers, "categories": ordered(categories)}
