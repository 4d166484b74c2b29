"""The leads' signals: tags shared by many tickets that no known issue explains ("create a known
issue?"), and open issues with many tickets not on the status page ("post it?")."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from tickets.models import Ticket
from tickets.policies import KNOWN_ISSUE_TAG
from tickets.states import ACTIVE_STATUSES

from ..models import DismissedSignal, KnownIssue, KnownIssueLink
from ..states import OPEN_ISSUE_STATUSES

SIGNAL_SAMPLE = 10


def tag_signal_key(tag: str) -> str:
    return f"tag:{tag.lower()}"[:200]


def post_signal_key(issue_pk: int) -> str:
    return f"post:{issue_pk}"


@dataclass
class TagSignal:
    """Open tickets sharing a tag that no open known issue explains: "create a known issue?"."""

    tag: str
    count: int
    tickets: list[int] = field(default_factory=list)


@dataclass
class PostSignal:
    """An open known issue with many linked tickets, not on the status page yet."""

    issue: KnownIssue
    count: int


@dataclass
class Signals:
    create: list[TagSignal]
    post: list[PostSignal]

    def __bool__(self) -> bool:
        return bool(self.create or self.post)


def _ignored_tags() -> set[str]:
    return {name.lower() for name in getattr(settings, "KNOWN_ISSUE_IGNORED_TAGS", [])}


def unexplained_tags(threshold: int | None = None) -> list[TagSignal]:
    """Tags carried by ``threshold``+ active tickets that no open known issue is linked to.

    A hand-typed ``<number>-<slug>`` tag that names no known issue counts like any other tag
    (an agent "linked" tickets by hand); the tag of an existing issue, process tags and task
    tags never do. At most three queries, whatever the number of tags and tickets.
    """
    threshold = threshold or settings.KNOWN_ISSUE_SUGGEST_TICKETS
    explained = KnownIssueLink.objects.filter(known_issue__status__in=OPEN_ISSUE_STATUSES)
    through = Ticket.tags.through.objects.filter(
        ticket__status__in=[str(s) for s in ACTIVE_STATUSES]
    ).exclude(ticket_id__in=explained.values("ticket_id"))
    rows = list(
        through.values("tag_id", "tag__name")
        .annotate(n=Count("ticket_id"))
        .filter(n__gte=threshold)
        .order_by("-n", "tag__name")
    )
    ignored = _ignored_tags()
    rows = [row for row in rows if row["tag__name"].lower() not in ignored]
    numbered = {
        int(m.group(1)): row["tag__name"]
        for row in rows
        if (m := KNOWN_ISSUE_TAG.fullmatch(row["tag__name"]))
    }
    existing = {
        issue.tag_name.lower()
        for issue in KnownIssue.objects.filter(pk__in=list(numbered)).only("pk", "slug")
    }
    rows = [row for row in rows if row["tag__name"].lower() not in existing]
    samples: dict[int, list[int]] = defaultdict(list)
    for tag_id, ticket_id in (
        through.filter(tag_id__in=[row["tag_id"] for row in rows])
        .order_by("ticket_id")
        .values_list("tag_id", "ticket_id")
    ):
        if len(samples[tag_id]) < SIGNAL_SAMPLE:
            samples[tag_id].append(ticket_id)
    return [TagSignal(row["tag__name"], row["n"], samples[row["tag_id"]]) for row in rows]


def issues_to_post(threshold: int | None = None) -> list[PostSignal]:
    """Open known issues not yet posted with ``threshold``+ linked tickets (one query)."""
    threshold = threshold or settings.KNOWN_ISSUE_STATUS_PAGE_TICKETS
    qs = (
        KnownIssue.objects.filter(status__in=OPEN_ISSUE_STATUSES, is_public=False)
        .annotate(n=Count("links"))
        .filter(n__gte=threshold)
        .order_by("-n", "pk")
    )
    return [PostSignal(issue, issue.n) for issue in qs]


def _dismissed() -> dict[str, int]:
    return dict(DismissedSignal.objects.values_list("key", "ticket_count"))


def lead_signals() -> Signals:
    """The dashboard's signals, without those a lead dismissed (until more tickets come)."""
    dismissed = _dismissed()
    return Signals(
        create=[
            s for s in unexplained_tags() if s.count > dismissed.get(tag_signal_key(s.tag), -1)
        ],
        post=[
            s for s in issues_to_post() if s.count > dismissed.get(post_signal_key(s.issue.pk), -1)
        ],
    )
