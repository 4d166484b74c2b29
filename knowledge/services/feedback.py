"""What readers of the help centre say: "did this answer your question?" and "this solved it".

Both are counted once per visitor and article (``user:<id>`` signed in, else ``session:<key>``):
a second vote changes the first, a second "this solved it" is the same deflection. Only articles
in the help centre (public, published) take them.
"""

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import NotFound

from .. import policies
from ..models import Article, ArticleVote, Deflection
from ._common import SUBJECT_MAX, clean_visitor, lock_article


def _readable(article: Article | int) -> Article:
    """The article, locked, if the help centre shows it (else 404, as the page would)."""
    locked = lock_article(article)
    if not policies.in_help_centre(locked):
        raise NotFound(f"Article {locked.pk} was not found.")
    return locked


def vote(article: Article | int, *, visitor: str, helpful: bool) -> ArticleVote:
    """The visitor's answer to "did this answer your question?": a second one replaces it."""
    visitor = clean_visitor(visitor)
    at = timezone.now()
    with transaction.atomic():
        article = _readable(article)
        answer, created = ArticleVote.objects.get_or_create(
            article=article,
            visitor=visitor,
            defaults={"helpful": helpful, "created_at": at, "updated_at": at},
        )
        if not created and answer.helpful != helpful:
            answer.helpful = helpful
            answer.updated_at = at
            answer.save(update_fields=["helpful", "updated_at"])
    return answer


def record_deflection(article: Article | int, *, visitor: str, subject: str = "") -> Deflection:
    """ "This solved it", from an article suggested while the visitor was writing a ticket: the
    ticket is not filed, and the article is credited once per visitor."""
    visitor = clean_visitor(visitor)
    subject = " ".join(str(subject or "").split())[:SUBJECT_MAX]
    with transaction.atomic():
        article = _readable(article)
        deflection, _ = Deflection.objects.get_or_create(
            article=article,
            visitor=visitor,
            defaults={"subject": subject, "created_at": timezone.now()},
        )
    return deflection
