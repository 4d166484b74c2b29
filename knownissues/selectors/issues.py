"""Reads of known issues: the tracker list, one issue with its tickets, the search of the
escalation dialog, the ticket panel, finding an issue by its tag. Query counts stay flat."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.text import slugify

from helpdesk.core.errors import NotFound
from tickets.models import Tag, Ticket
from tickets.policies import KNOWN_ISSUE_TAG
from tickets.states import ACTIVE_STATUSES

from ..models import KnownIssue, KnownIssueLink
from ..states import IssueStatus

STATUS_RANK = {IssueStatus.INVESTIGATING: 0, IssueStatus.KNOWN_ISSUE: 1, IssueStatus.RESOLVED: 2}
SEARCH_LIMIT = 8


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
        return _with_counts(
            KnownIssue.objects.select_related("created_by", "posted_by", "verified_by")
        ).get(pk=int(number))
    except (KnownIssue.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Known issue {number} was not found.") from None


def linked_tickets(issue: KnownIssue) -> QuerySet[KnownIssueLink]:
    """The issue's links with their tickets, oldest link first: one query."""
    return KnownIssueLink.objects.filter(known_issue=issue).select_related(
        "ticket__organization", "ticket__assignee", "ticket__tier", "linked_by"
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


def issue_to_post(number: int) -> KnownIssue:
    """The known issue of the status-posting page, with who posted it (one query)."""
    try:
        return KnownIssue.objects.select_related("posted_by").get(pk=number)
    except KnownIssue.DoesNotExist:
        raise NotFound(f"Known issue {number} was not found.") from None
