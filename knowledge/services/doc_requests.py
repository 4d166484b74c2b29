"""Doc requests: opening one from a ticket (escalation tag, findings), and what leads do with them.

- ``request_from_ticket``: the helpdesk itself (the receivers of ``tickets.signals``) opens a
  request of a kind for a ticket, or finds the live one the ticket is already in: one live
  request per (ticket, kind), however often the tag is added again. Removing the tag leaves the
  request: a lead declines it (decision 0022).
- ``start_article``: a lead starts a draft article of the request's audience (public for a user
  doc, internal for an internal doc) through ``create_article``; the request is Drafting.
- ``article_published``: publishing that article (``transition_article``) makes it Done.
- ``decline``: a lead closes it with a reason (required).
- ``add_ticket``: a lead adds a ticket that asks for the same doc.

Each write is one transaction that locks the request's row.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core import fsm
from helpdesk.core.errors import Conflict, ValidationFailed
from tickets import selectors as ticket_selectors
from tickets.models import Ticket

from .. import policies
from ..models import Article, Category, DocRequest, DocRequestTicket
from ..states import (
    AUDIENCE_OF_KIND,
    LIVE_DOC_STATUSES,
    ArticleState,
    DocKind,
    DocRequestStatus,
)
from ._common import TITLE_MAX, clean_line, require
from .articles import create_article

REASON_MAX = 2000
WHY_MAX = 300
NOTE_MAX = 5000
# The text of a draft started from a request: the lead writes the article over it. Nothing of
# the tickets goes in (a public article is read by anyone once published).
DRAFT_BODY = "Write the article here: it was asked for by doc request {pk}."


def lock_request(request: DocRequest | int) -> DocRequest:
    pk: int = request if isinstance(request, int) else request.pk
    return fsm.lock(DocRequest, pk, "Doc request")


def join(request: DocRequest, ticket_id: int, *, why: str, at: datetime) -> bool:
    """Add the ticket to the request (once); True when it was not in it yet."""
    _, created = DocRequestTicket.objects.get_or_create(
        request=request,
        ticket_id=ticket_id,
        defaults={"why": why[:WHY_MAX], "at": at},
    )
    return created


def _live_of_ticket(ticket_id: int, kind: str) -> DocRequest | None:
    return (
        DocRequest.objects.select_for_update()
        .filter(asked_by__ticket_id=ticket_id, kind=kind, status__in=LIVE_DOC_STATUSES)
        .order_by("created_at", "id")
        .first()
    )


def request_from_ticket(
    ticket: Ticket, *, kind: str, source: str, why: str, at: datetime, note: str = ""
) -> tuple[DocRequest, bool]:
    """The live request of ``kind`` the ticket is in, else a new one titled with its subject.
    Returns (request, opened). A note is added to the request's (staff only)."""
    if kind not in DocKind.values:
        raise ValidationFailed(f"Unknown kind of doc {kind!r}.")
    note = str(note or "").strip()[:NOTE_MAX]
    with transaction.atomic():
        request = _live_of_ticket(ticket.pk, kind)
        if request is not None:
            if note and note not in request.note:
                request.note = f"{request.note}\n\n#{ticket.pk}: {note}".strip()
                request.updated_at = at
                request.save(update_fields=["note", "updated_at"])
            return request, False
        request = DocRequest.objects.create(
            kind=kind,
            title=clean_line(ticket.subject, "title", TITLE_MAX)[:TITLE_MAX] or f"#{ticket.pk}",
            source=source,
            note=f"#{ticket.pk}: {note}" if note else "",
            created_at=at,
            updated_at=at,
        )
        join(request, ticket.pk, why=why, at=at)
    return request, True


# --- what leads do ---------------------------------------------------------------------------


def _refuse_closed(request: DocRequest, what: str) -> None:
    if not request.is_live:
        raise Conflict(
            f"Doc request {request.pk} is {request.get_status_display().lower()}: "
            f"it cannot {what}.",
            current_status=request.status,
        )


def _category(value) -> Category:
    if value not in (None, ""):
        found = Category.objects.filter(pk=value).first() if str(value).isdigit() else None
        found = found or Category.objects.filter(slug=str(value)).first()
    else:
        found = Category.objects.order_by("position", "name", "id").first()
    if found is None:
        raise ValidationFailed(
            "Choose the article's category.", fields={"category": ["Choose a category."]}
        )
    return found


def start_article(request: DocRequest | int, *, actor, category=None) -> Article:
    """A lead starts the requested article: a draft of the request's audience, linked to it."""
    require(
        policies.may_act_on_doc_requests(actor), "Only leads may start an article from a request."
    )
    at = timezone.now()
    with transaction.atomic():
        request = lock_request(request)
        _refuse_closed(request, "start an article")
        if request.status == DocRequestStatus.DRAFTING:
            raise Conflict(
                f"An article was already started from doc request {request.pk}: "
                f"article {request.article_id}.",
                current_status=request.status,
            )
        article = create_article(
            actor=actor,
            title=request.title,
            body=DRAFT_BODY.format(pk=request.pk),
            category=_category(category),
            audience=AUDIENCE_OF_KIND[DocKind(request.kind)],
        )
        request.article = article
        request.status = DocRequestStatus.DRAFTING
        request.decided_by = actor
        request.updated_at = at
        request.save(update_fields=["article", "status", "decided_by", "updated_at"])
    return article


def article_published(article: Article, *, at: datetime) -> int:
    """Called in ``transition_article``'s transaction: the requests drafting ``article`` are
    Done. Returns how many."""
    if article.state != ArticleState.PUBLISHED:
        return 0
    return DocRequest.objects.filter(article=article, status=DocRequestStatus.DRAFTING).update(
        status=DocRequestStatus.DONE, closed_at=at, updated_at=at
    )


def decline(request: DocRequest | int, *, actor, reason: str) -> DocRequest:
    """A lead closes the request without an article, saying why."""
    require(policies.may_act_on_doc_requests(actor), "Only leads may decline a doc request.")
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Say why the doc is not needed.", fields={"reason": ["Say why the doc is not needed."]}
        )
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"The reason is at most {REASON_MAX:,} characters.",
            fields={"reason": [f"At most {REASON_MAX:,} characters."]},
        )
    at = timezone.now()
    with transaction.atomic():
        request = lock_request(request)
        _refuse_closed(request, "be declined")
        request.status = DocRequestStatus.DECLINED
        request.decline_reason = reason
        request.decided_by = actor
        request.closed_at = at
        request.updated_at = at
        request.save(
            update_fields=["status", "decline_reason", "decided_by", "closed_at", "updated_at"]
        )
    return request


def add_ticket(request: DocRequest | int, ticket, *, actor) -> DocRequestTicket:
    """A lead adds a ticket that asks for the same doc (a number, ``#42``, or a ticket)."""
    require(policies.may_act_on_doc_requests(actor), "Only leads may add a ticket to a request.")
    if not isinstance(ticket, Ticket):
        number = str(ticket or "").strip().lstrip("#")
        if not number.isdigit() or len(number) > 18:
            raise ValidationFailed(
                "Type the ticket's number.", fields={"ticket": ["Type the ticket's number."]}
            )
        ticket = ticket_selectors.get_ticket(actor, number)
    at = timezone.now()
    with transaction.atomic():
        request = lock_request(request)
        _refuse_closed(request, "take more tickets")
        if not join(request, ticket.pk, why=f"Added by {actor.get_username()}", at=at):
            raise Conflict(f"#{ticket.pk} is already in doc request {request.pk}.")
        request.updated_at = at
        request.save(update_fields=["updated_at"])
    return DocRequestTicket.objects.get(request=request, ticket=ticket)


__all__ = [
    "add_ticket",
    "article_published",
    "decline",
    "join",
    "lock_request",
    "request_from_ticket",
    "start_article",
]
