"""Reads of the Changing of the Guard page about people and hand-overs (seed 003-64..67): this
and last week's T3 and On-Call designees, the outgoing T3's unfinished tickets, and the changes
going out this week (known issues whose fix is released that week, engineering tasks in UAT).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from engineering.models import Task
from engineering.states import Stage
from escalation.selectors import rota as rota_selectors
from helpdesk.core.weeks import Week
from tickets.models import Ticket
from tickets.selectors import assignable_agents

from ..models import KnownIssue


@dataclass(frozen=True)
class Changes:
    fixes: Sequence[KnownIssue]
    tasks: list[Task]

    def __len__(self) -> int:
        return len(self.fixes) + len(self.tasks)


def designees(week: Week) -> tuple[rota_selectors.RotaWeek, rota_selectors.RotaWeek]:
    """This week's and last week's rotas (T3, On-Call, Triage): two queries."""
    return rota_selectors.rota_weeks(week)


def handover(
    week: Week, rotas: tuple[rota_selectors.RotaWeek, rota_selectors.RotaWeek]
) -> list[Ticket]:
    """Last week's T3's unfinished T3 tickets, each with whether it has findings; ``rotas`` is
    ``designees(week)``. One query."""
    this_week, last_week = rotas
    previous = last_week.t3_ids - this_week.t3_ids
    return list(rota_selectors.handover_list(week, previous))


def changes_going_out(week: Week) -> Changes:
    """Known issues whose fix is released during the week (the verifier's decision with it),
    and engineering tasks in UAT now (they go out when the customer accepts). Two queries."""
    fixes = list(
        KnownIssue.objects.filter(
            fix_release_date__gte=week.monday, fix_release_date__lte=week.sunday
        )
        .select_related("verified_by")
        .annotate(ticket_count=Count("links"))
        .order_by("fix_release_date", "id")
    )
    tasks = list(
        Task.objects.filter(stage=Stage.UAT)
        .select_related("ticket", "ticket__organization")
        .order_by("uat_since", "id")
    )
    return Changes(fixes=fixes, tasks=tasks)


def log_assignees() -> QuerySet:
    """Who an on-call log item may be assigned to: the desk's active people."""
    return assignable_agents()
