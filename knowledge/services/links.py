""" "Answered by": an agent links a published article to a ticket it answers, or unlinks it.

Each link or unlink is one line on the ticket's timeline (``tickets.services.record_event``,
staff only), in the same transaction. The article's row lock orders two agents linking it at
once; the unique pair (ticket, article) is the last word.
"""

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import NotFound
from tickets import selectors as ticket_selectors
from tickets import services as tickets
from tickets.models import Ticket

from .. import policies
from ..errors import AlreadyLinked, NotPublished
from ..models import Article, ArticleLink
from ..states import ArticleState
from ._common import lock_article, require


def _ticket(actor, ticket: Ticket | int) -> Ticket:
    if isinstance(ticket, Ticket):
        return ticket
    return ticket_selectors.get_ticket(actor, str(ticket).strip().lstrip("#"))


def _named(article: Article) -> str:
    internal = "" if article.is_public else " (internal)"
    return f"**{article.title}**{internal}"


def link_article(article: Article | int, ticket: Ticket | int, *, actor) -> ArticleLink:
    """Say that ``article`` answers ``ticket``: a published article, once per ticket."""
    require(policies.may_link_tickets(actor), "Only agents may link articles to tickets.")
    ticket = _ticket(actor, ticket)
    at = timezone.now()
    with transaction.atomic():
        article = lock_article(article)
        if article.state != ArticleState.PUBLISHED:
            raise NotPublished(
                f"“{article.title}” is {article.get_state_display().lower()}: only a published "
                "article answers a ticket.",
                current_state=article.state,
            )
        if ArticleLink.objects.filter(ticket=ticket, article=article).exists():
            raise AlreadyLinked(f"“{article.title}” already answers #{ticket.pk}.")
        link = ArticleLink.objects.create(
            ticket=ticket, article=article, linked_by=actor, created_at=at
        )
        tickets.record_event(
            ticket,
            f"{actor.get_username()} linked the answer {_named(article)} (article {article.pk}).",
            actor=actor,
            at=at,
        )
    return link


def unlink_article(article: Article | int, ticket: Ticket | int, *, actor) -> None:
    """The article does not answer the ticket after all."""
    require(policies.may_link_tickets(actor), "Only agents may unlink articles from tickets.")
    ticket = _ticket(actor, ticket)
    at = timezone.now()
    with transaction.atomic():
        article = lock_article(article)
        deleted, _ = ArticleLink.objects.filter(ticket=ticket, article=article).delete()
        if not deleted:
            raise NotFound(f"“{article.title}” is not linked to #{ticket.pk}.")
        tickets.record_event(
            ticket,
            f"{actor.get_username()} unlinked the answer {_named(article)} (article {article.pk}).",
            actor=actor,
            at=at,
        )
