"""Reads of engineering tasks with more than one caller, scoped by who is asking."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import has_transition_perm

from helpdesk.core import fsm, roles
from helpdesk.core.errors import NotFound
from tickets import selectors as ticket_selectors
from tickets.models import Tag
from tickets.policies import can_view_ticket
from tickets.selectors.expertise import agent_topics
from tickets.states import Priority

from .. import policies as task_policies
from ..models import Task, TaskTransitionLog
from ..models_templates import TaskTemplate
from ..states import OPEN_STAGES, TASK_TAGS, CardColour, Stage

# Done and Canceled cards stay on the board this long after they got there.
BOARD_CLOSED_DAYS = 30


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks are desk work: agents see them all; customers see theirs only on the portal."""
    if roles.is_agent(user):
        return Task.objects.all()
    return Task.objects.none()


def task_list(user) -> QuerySet[Task]:
    """Rows of a board or API page: one query for the rows, one for their tags."""
    return (
        tasks_visible_to(user)
        .select_related("ticket", "assignee", "estimate_approved_by", "reviewed_by", "template")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )


def get_task(user, task_id) -> Task:
    try:
        return task_list(user).get(pk=int(task_id))
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Task {task_id} was not found.") from None


def _urgent_first(task: Task) -> tuple[bool, bool]:
    """The sort key ``queue_order`` annotates, read from a loaded card."""
    blue = task.card_colour == CardColour.PRIORITY or task.lead_time_near_at is not None
    return (task.priority != Priority.TOP, not blue)


def queue_order(qs: QuerySet[Task]) -> QuerySet[Task]:
    """The Development queue (seeds 000, 001): top priority bypasses FIFO, then blue (urgent or
    near its lead time) cards; then first planned first."""
    return qs.annotate(
        is_top=Case(
            When(priority=Priority.TOP, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_blue=Case(
            When(
                Q(card_colour=CardColour.PRIORITY) | Q(lead_time_near_at__isnull=False),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("-is_top", "-is_blue", "planned_at", "id")


def filter_tasks(qs: QuerySet[Task], user, *, assignee: str = "", tag: str = "") -> QuerySet:
    """``assignee``: a username, ``me`` or ``none``; ``tag``: a tag name (case-blind)."""
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee__username=assignee)
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    return qs


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    tasks: list


def board(user, *, assignee: str = "", tag: str = "", now=None) -> list[Column]:
    """The kanban board: a column per stage, in two queries whatever the number of cards.

    Open stages show every task; Done and Canceled the last ``BOARD_CLOSED_DAYS`` days'.
    Every column puts top priority first, then blue cards (urgent, or near their lead time:
    seed 000 "the oldest or urgent request must be picked first"), then the oldest: Development
    in queue order, Requirements and UAT by filing, Done and Canceled by their last move.
    """
    now = now or timezone.now()
    recent = now - timedelta(days=BOARD_CLOSED_DAYS)
    qs = filter_tasks(task_list(user), user, assignee=assignee, tag=tag).filter(
        Q(stage__in=OPEN_STAGES) | Q(stage_changed_at__gte=recent)
    )
    columns: dict[str, list[Task]] = {stage: [] for stage in Stage.values}
    for task in queue_order(qs):
        columns[task.stage].append(task)
    for stage in (Stage.REQUIREMENTS, Stage.UAT):
        columns[stage].sort(key=lambda t: (*_urgent_first(t), t.created_at, t.pk))
    for stage in (Stage.DONE, Stage.CANCELED):
        columns[stage].sort(key=lambda t: (*_urgent_first(t), t.stage_changed_at, t.pk))
    columns[Stage.MTP].sort(key=lambda t: (*_urgent_first(t), t.stage_changed_at, t.pk))
    # MTP is a column only when a shown task goes through it (an organization that uses MTP).
    mtp = any(t.release_via_mtp for cards in columns.values() for t in cards)
    return [
        Column(value, label, columns[value])
        for value, label in Stage.choices
        if value != Stage.MTP or mtp or columns[value]
    ]


def _transition_dict(item) -> dict[str, str]:
    return {**fsm.describe(item), "target_label": Stage(item.target).label}


def _in_order(items: list[dict[str, str]]) -> list[dict[str, str]]:
    """Lifecycle order of the target stage (Canceled last), so buttons and lists are stable."""
    return sorted(items, key=lambda t: (Stage.values.index(t["target"]), t["name"]))


def moves(task: Task, user) -> list[dict[str, str]]:
    """Every manual transition out of the task's stage this user may take, guards or not.

    The board offers these; the service then explains a guard's refusal in words. Of the two
    "UAT OK" routes (Done, or MTP) only the one that applies to the task is offered.
    """
    return _in_order(
        [
            _transition_dict(item)
            for item in task.get_all_stage_transitions()
            if item.source == task.stage
            and item.custom.get("manual")
            and item.has_perm(task, user)
            and all(c(task) for c in item.conditions if getattr(c, "route", False))
        ]
    )


def available_task_transitions(task: Task, user) -> list[dict[str, str]]:
    """The transitions this user may take on this task now (its guards pass)."""
    return _in_order(
        [
            _transition_dict(item)
            for item in task.get_available_stage_transitions()
            if item.custom.get("manual") and has_transition_perm(getattr(task, item.name), user)
        ]
    )


def task_timeline(task: Task) -> QuerySet[TaskTransitionLog]:
    return TaskTransitionLog.objects.filter(task=task).select_related("actor")


def ticket_tasks(ticket) -> QuerySet[Task]:
    """The desk ticket page's task panel."""
    return (
        Task.objects.filter(ticket=ticket).select_related("assignee").order_by("created_at", "id")
    )


# What the portal tells the customer of a task's history: their answers, the timer, the release.
CUSTOMER_FACING = ["accept_uat", "accept_uat_to_mtp", "reject_uat", "auto_done", "release"]


def portal_tasks(user, ticket) -> list[Task]:
    """What of the ticket's tasks concerns this customer: UAT questions and estimates to approve,
    changes waiting for their release (MTP), and the UAT answers and releases on this ticket
    (``task.uat_answers``)."""

    if not (roles.is_customer(user) and can_view_ticket(user, ticket)):
        return []
    answers = TaskTransitionLog.objects.filter(transition__in=CUSTOMER_FACING).order_by(
        "-created_at", "-id"
    )
    tasks = (
        Task.objects.filter(ticket=ticket)
        .filter(
            Q(stage__in=[Stage.UAT, Stage.MTP])
            | Q(stage=Stage.REQUIREMENTS, estimate_hours__isnull=False)
            | Q(transitions__transition__in=CUSTOMER_FACING)
        )
        .distinct()
        .prefetch_related(Prefetch("transitions", queryset=answers, to_attr="uat_answers"))
        .order_by("created_at", "id")
    )
    return list(tasks)


def get_customer_task(user, task_id) -> Task:
    """A task of a ticket this customer may see, or NotFound."""

    task = Task.objects.select_related("ticket").filter(pk=task_id).first()
    if task is None or not (roles.is_customer(user) and can_view_ticket(user, task.ticket)):
        raise NotFound(f"Task {task_id} was not found.")
    return task


def default_task_tags(ticket) -> list[str]:
    """The task tags a new task of ``ticket`` starts with: the ticket's own task tags (e.g.
    Spanish, so the Spanish rule follows the work), compared case-blind."""
    wanted = {name.lower() for name in TASK_TAGS}
    return [tag.name for tag in ticket.tags.all() if tag.name.lower() in wanted]


def active_templates() -> QuerySet[TaskTemplate]:
    """The task templates a consultant may start from (seed 000), by name."""
    return TaskTemplate.objects.filter(active=True).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def get_template(template_id) -> TaskTemplate:
    """An active template, or NotFound."""
    try:
        return active_templates().get(pk=int(template_id))
    except (TaskTemplate.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"Task template {template_id} was not found.") from None


# --- who takes a task at its lead time (engineering.services.lead_times) -----------------


def developer_workloads() -> list:
    """The eligible developers, fewest open tasks first (then by username), each with
    ``open_tasks``: active agents (``tickets.selectors.assignable_agents``), limited to the
    members of the tiers ``TASK_DEVELOPER_TIERS`` names when it names any."""
    User = get_user_model()
    agents = ticket_selectors.assignable_agents()
    if settings.TASK_DEVELOPER_TIERS:
        agents = agents.filter(tiers__code__in=settings.TASK_DEVELOPER_TIERS)
    open_tasks = (
        Task.objects.filter(assignee=OuterRef("pk"), stage__in=OPEN_STAGES)
        .order_by()
        .values("assignee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        User.objects.filter(pk__in=agents.values("pk"))
        .annotate(open_tasks=Coalesce(Subquery(open_tasks, output_field=IntegerField()), Value(0)))
        .order_by("open_tasks", "username")
    )


def _words(text: str) -> str:
    """Lower-case words, single-spaced, punctuation dropped: "Invoicing: VAT" → "invoicing vat"."""
    return " ".join(re.findall(r"\w+", text.lower()))


def matching_topics(task: Task, topics: list[str], tag_names: list[str]) -> list[str]:
    """The agent's topics that name the task's app or subject: a tag of the task, or words of
    its title (case-blind)."""
    tags = {name.lower() for name in tag_names}
    title = f" {_words(task.title)} "
    return [t for t in topics if t.lower() in tags or (_words(t) and f" {_words(t)} " in title)]


def suggested_developers(task: Task, tag_names: list[str] | None = None) -> list:
    """Seed 001: "assign it to the developer specialised in that app". The eligible developers
    who may hold the task, specialists first (``specialised_in``: the topics that matched), each
    group by workload."""
    names = [t.name for t in task.tags.all()] if tag_names is None else tag_names
    people = [
        agent
        for agent in developer_workloads()
        if not task_policies.task_assignment_problem(task, agent, names)
    ]
    topics = agent_topics([agent.pk for agent in people])
    for agent in people:
        agent.specialised_in = matching_topics(task, topics.get(agent.pk, []), names)
    return sorted(people, key=lambda agent: not agent.specialised_in)


from .release import (  # noqa: E402  seed 001's release
    PM_CHECK as PM_CHECK,
)
from .release import PM_CHECK_LABEL as PM_CHECK_LABEL  # noqa: E402
from .release import WORKFLOWS_AS_ONE as WORKFLOWS_AS_ONE  # noqa: E402
from .release import ChecklistItem as ChecklistItem  # noqa: E402
from .release import ReleaseSettings as ReleaseSettings  # noqa: E402
from .release import checklist as checklist  # noqa: E402
from .release import finished_tasks_offer as finished_tasks_offer  # noqa: E402
from .release import release_settings as release_settings  # noqa: E402
from .release import workflow_items as workflow_items  # noqa: E402
