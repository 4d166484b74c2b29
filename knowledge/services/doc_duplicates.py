"""Three duplicate answers without a doc (seed 003): when a ticket is resolved, the tickets
resolved in the last ``DOC_REQUEST_DUPLICATE_DAYS`` days with the same tag, or answered with the
same macro, and no linked article form a group. The third one opens a doc request (a user doc,
every ticket of the group listed) and tells the leads; later ones join it while it is open or
drafting. Tickets of a group's done or declined request do not count again.

Process tags (``DOC_REQUEST_IGNORED_TAGS``, the escalation and task tags) and known-issue tags
(a bug, not a missing doc) never form a group. Runs in the resolving transition's transaction
(``knowledge.receivers``): one query when the ticket has no tag, no macro or a linked article.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Value

from helpdesk.core import roles
from helpdesk.core.links import absolute_url
from helpdesk.notifications import events
from tickets.models import Ticket
from tickets.policies import KNOWN_ISSUE_TAG

from ..models import ArticleLink, DocRequest, DocRequestTicket, MacroUse
from ..states import LIVE_DOC_STATUSES, DocKind, DocSource
from .doc_requests import join

# A group lists at most this many tickets when it opens (the most recently resolved).
LISTED = 100


@dataclass(frozen=True)
class Group:
    key: str  # tag:<id> or macro:<id>
    label: str  # "tagged “Billing”", "answered with /fr1"
    tickets: Q  # the tickets of the group, whatever their state


def _groups(ticket: Ticket) -> list[Group]:
    """The ticket's tags and macros, unless an article answers it (one query)."""
    unlinked = ~Exists(ArticleLink.objects.filter(ticket_id=ticket.pk))
    tags = (
        Ticket.tags.through.objects.filter(unlinked, ticket_id=ticket.pk)
        .annotate(kind=Value("tag"), ref=F("tag_id"), label=F("tag__name"))
        .values_list("kind", "ref", "label")
        .order_by()
    )
    macros = (
        MacroUse.objects.filter(unlinked, ticket_id=ticket.pk)
        .annotate(kind=Value("macro"), ref=F("macro_id"), label=F("macro__shortcut"))
        .values_list("kind", "ref", "label")
        .order_by()
        .distinct()
    )
    ignored = {name.lower() for name in settings.DOC_REQUEST_IGNORED_TAGS}
    groups = []
    for kind, ref, label in tags.union(macros).order_by("kind", "ref"):
        if kind == "tag":
            if label.lower() in ignored or KNOWN_ISSUE_TAG.fullmatch(label):
                continue
            groups.append(Group(f"tag:{ref}", f"tagged “{label}”", Q(tags__id=ref)))
        else:
            used = MacroUse.objects.filter(macro_id=ref).values("ticket_id")
            groups.append(Group(f"macro:{ref}", f"answered with /{label}", Q(pk__in=used)))
    return groups


def _counted(group: Group, since: datetime):
    """The group's tickets resolved since ``since`` without a linked article, outside the
    group's done or declined requests; most recently resolved first."""
    closed = DocRequestTicket.objects.filter(
        ticket_id=OuterRef("pk"), request__group_key=group.key
    ).exclude(request__status__in=LIVE_DOC_STATUSES)
    return (
        Ticket.objects.filter(group.tickets, resolved_at__gte=since)
        .exclude(Exists(ArticleLink.objects.filter(ticket_id=OuterRef("pk"))))
        .exclude(Exists(closed))
        .order_by("-resolved_at", "-pk")
    )


def lead_ids() -> tuple[int, ...]:
    """The active members of the Leads group: who hears of three duplicates."""
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.LEADS_GROUP)
    return tuple(users.order_by("pk").values_list("pk", flat=True).distinct())


def _tell_leads(request: DocRequest, group: Group, count: int, at: datetime) -> None:
    events.publish(
        events.Event(
            name=events.Name.DOC_REQUEST_OPENED,
            at=at,
            dedupe_key=f"doc-request-opened:{request.group_key}:{request.pk}",
            title=f"{count} tickets {group.label} were resolved without an article: "
            f"doc request {request.pk}",
            url=absolute_url("kb-doc-requests") + f"#doc-request-{request.pk}",
            recipients=lead_ids(),
            data={"doc_request": request.pk, "group": request.group_key, "tickets": count},
        )
    )


def _open(group: Group, rows: list[tuple[int, str]], at: datetime) -> DocRequest | None:
    """The group's request with its tickets, or None when another transaction opened it
    first (the unique live group; the caller joins that one)."""
    note = (
        f"{len(rows)} tickets {group.label} were resolved without a linked article in the last "
        f"{settings.DOC_REQUEST_DUPLICATE_DAYS} days: write a doc, or change the process."
    )
    try:
        with transaction.atomic():  # a savepoint: losing the race leaves the ticket's change
            request = DocRequest.objects.create(
                kind=DocKind.USER,
                title=f"Tickets {group.label}"[:200],
                source=DocSource.DUPLICATES,
                group_key=group.key,
                note=note,
                created_at=at,
                updated_at=at,
            )
    except IntegrityError:
        return None
    why = f"Resolved without an article, {group.label}"
    DocRequestTicket.objects.bulk_create(
        [DocRequestTicket(request=request, ticket_id=pk, why=why, at=at) for pk, _ in rows]
    )
    _tell_leads(request, group, len(rows), at)
    return request


def ticket_resolved(ticket: Ticket, *, at: datetime) -> list[DocRequest]:
    """``ticket`` was just resolved: the requests it opened or joined."""
    touched = []
    since = at - timedelta(days=settings.DOC_REQUEST_DUPLICATE_DAYS)
    for group in _groups(ticket):
        live = (
            DocRequest.objects.select_for_update()
            .filter(group_key=group.key, status__in=LIVE_DOC_STATUSES)
            .first()
        )
        if live is None:
            rows = list(_counted(group, since).values_list("pk", "subject")[:LISTED])
            if ticket.pk not in {pk for pk, _ in rows}:
                continue  # resolved long ago, or in the group's closed request
            if len(rows) < settings.DOC_REQUEST_DUPLICATES:
                continue
            opened = _open(group, rows, at)
            if opened is not None:
                touched.append(opened)
                continue
            live = DocRequest.objects.get(group_key=group.key, status__in=LIVE_DOC_STATUSES)
        if join(live, ticket.pk, why=f"Resolved without an article, {group.label}", at=at):
            touched.append(live)
    return touched
