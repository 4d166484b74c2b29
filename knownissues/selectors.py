"""Reads with more than one caller: the tracker list, one issue with its tickets, the search of
the escalation dialog, the ticket panel and the leads' signals. Query counts stay flat."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.text import slugify

from helpdesk.core.errors import NotFound
from tickets.models import Tag, Ticket
from tickets.policies import KNOWN_ISSUE_TAG
from tickets.states import ACTIVE_STATUSES, Status

from .models import BulkAnswer, BulkAnswerDelivery, DismissedSignal, KnownIssue, KnownIssueLink
from .states import OPEN_ISSUE_STATUSES, BulkAnswerState, IssueStatus

STATUS_RANK = {IssueStatus.INVESTIGATING: 0, IssueStatus.KNOWN_ISSUE: 1, IssueStatus.RESOLVED: 2}
SEARCH_LIMIT = 8
SIGNAL_SAMPLE = 10


def _status_rank() -> Case:
    return Case(
        *(When(status=value, then=Value(rank)) for value, rank in STATUS_RANK.items()),
        default=Value(len(STATUS_RANK)),
        output_field=IntegerField(),
    )


def _with_counts(qs: QuerySet[KnownIssue]) -> QuerySet[KnownIssue]:
    active = [str(s) for s in ACTIVE_STATUSES]
    return qs.annotate(
        linked_count=Count("links", distinct=True),
        open_count=Count("links", filter=Q(links__ticket__status__in=active), distinct=True),
    )


def known_issue_list(*, status: str = "", query: str = "") -> QuerySet[KnownIssue]:
    """The tracker: open issues first (Investigating, then Known Issue), newest activity first.
    One query: the ticket counts are annotations."""
    qs = KnownIssue.objects.select_related("created_by")
    if status:
        qs = qs.filter(status=status)
    query = (query or "").strip()
    if query:
        qs = qs.filter(_matches(query))
    return _with_counts(qs).annotate(rank=_status_rank()).order_by("rank", "-updated_at", "-id")


def _matches(query: str) -> Q:
    number = query.lstrip("#")
    match = KNOWN_ISSUE_TAG.fullmatch(number)
    if match:
        number = match.group(1)
    condition = (
        Q(title__icontains=query)
        | Q(slug__icontains=slugify(query) or query)
        | Q(description__icontains=query)
        | Q(partner_tickets__icontains=query)
        | Q(bug_url__icontains=query)
    )
    if is_number(number):
        condition |= Q(pk=int(number))
    return condition


def is_number(text: str) -> bool:
    """A number a row can have: ASCII digits ("²" is a digit to str.isdigit) within bigint."""
    return text.isascii() and text.isdigit() and int(text) < 2**63


def get_known_issue(number) -> KnownIssue:
    try:
        return _with_counts(KnownIssue.objects.select_related("created_by", "posted_by")).get(
            pk=int(number)
        )
    except (KnownIssue.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Known issue {number} was not found.") from None


def linked_tickets(issue: KnownIssue) -> QuerySet[KnownIssueLink]:
    """The issue's links with their tickets, oldest link first: one query."""
    return KnownIssueLink.objects.filter(known_issue=issue).select_related(
        "ticket__organization", "ticket__assignee", "ticket__tier", "linked_by"
    )


def bulk_answer_recipients(issue: KnownIssue) -> QuerySet[Ticket]:
    """Every linked ticket that is not Closed (a reply to a Closed ticket would reach nobody:
    the customer's answer would open a new ticket). Resolved tickets still hear the news."""
    return (
        Ticket.objects.filter(known_issue_links__known_issue=issue)
        .exclude(status=Status.CLOSED)
        .select_related("organization", "requester")
        .order_by("pk")
    )


def open_bulk_answer(issue: KnownIssue) -> BulkAnswer | None:
    """The draft being written, or the answer still being sent."""
    return (
        BulkAnswer.objects.filter(
            known_issue=issue, state__in=[BulkAnswerState.DRAFT, BulkAnswerState.SENDING]
        )
        .select_related("created_by", "sent_by")
        .first()
    )


def bulk_answers_of(issue: KnownIssue) -> QuerySet[BulkAnswer]:
    return (
        BulkAnswer.objects.filter(known_issue=issue)
        .select_related("created_by", "sent_by")
        .annotate(delivered=Count("deliveries"))
    )


def get_bulk_answer(issue: KnownIssue, pk) -> BulkAnswer:
    try:
        return (
            BulkAnswer.objects.select_related("known_issue", "created_by", "sent_by")
            .annotate(delivered=Count("deliveries"))
            .get(known_issue=issue, pk=int(pk))
        )
    except (BulkAnswer.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Bulk answer {pk} of known issue {issue.pk} was not found.") from None


def delivered_ticket_ids(bulk_answer: BulkAnswer) -> set[int]:
    return set(
        BulkAnswerDelivery.objects.filter(bulk_answer=bulk_answer).values_list(
            "ticket_id", flat=True
        )
    )


def issue_for_tag(name: str) -> KnownIssue | None:
    """The known issue whose tag is ``name`` (``<number>-<slug>``, case-blind), if any."""
    match = KNOWN_ISSUE_TAG.fullmatch((name or "").strip())
    if not match:
        return None
    issue = KnownIssue.objects.filter(pk=int(match.group(1))).first()
    if issue is None or issue.slug.lower() != match.group(2).lower():
        return None
    return issue


def find_issue(raw: str) -> KnownIssue | None:
    """What an agent typed: a number (``42``, ``#42``) or a tag (``42-checkout-502``)."""
    raw = (raw or "").strip().lstrip("#")
    if is_number(raw):
        return KnownIssue.objects.filter(pk=int(raw)).first()
    return issue_for_tag(raw)


def search(query: str, *, limit: int = SEARCH_LIMIT) -> list[KnownIssue]:
    """The escalation dialog's search: open issues first, then recently resolved ones."""
    query = (query or "").strip()
    qs = KnownIssue.objects.all()
    if query:
        qs = qs.filter(_matches(query))
    return list(
        _with_counts(qs).annotate(rank=_status_rank()).order_by("rank", "-updated_at")[:limit]
    )


def issues_of_ticket(ticket: Ticket) -> list[KnownIssueLink]:
    """The ticket page's panel: the known issues this ticket is linked to (one query)."""
    return list(
        KnownIssueLink.objects.filter(ticket=ticket)
        .select_related("known_issue")
        .order_by("-known_issue__updated_at")
    )


# --- signals for leads ----------------------------------------------------------------------


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
    tags never do. Three queries whatever the number of tags and tickets.
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


def tickets_for_new_issue(numbers) -> list[Ticket]:
    """The tickets a "create from tickets" form lists (numbers that do not exist are dropped)."""
    wanted = []
    for number in numbers:
        try:
            wanted.append(int(str(number).lstrip("#")))
        except ValueError:
            continue
    wanted = [n for n in wanted if 0 < n < 2**63]  # no ticket has another number
    return list(
        Ticket.objects.filter(pk__in=wanted)
        .select_related("organization")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("pk")
    )
