"""Figures for leads and for an article's page: deflections, votes, tickets answered."""

from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Article, ArticleVote, Deflection
from .articles import answered_count, help_centre_articles


def _deflections_since(since: datetime) -> Coalesce:
    counts = (
        Deflection.objects.filter(article=OuterRef("pk"), created_at__gte=since)
        .order_by()
        .values("article")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def deflections_by_article(since: datetime) -> QuerySet[Article]:
    """Articles that deflected at least one ticket since ``since``, most first; each with
    ``deflected`` (the count since then)."""
    return (
        Article.objects.defer("search_vector", "body")
        .annotate(deflected=_deflections_since(since))
        .filter(deflected__gt=0)
        .order_by("-deflected", "title", "id")
    )


def knowledge_figures(since: datetime, limit: int = 10) -> list[Article]:
    """The leads' dashboard table (one query): the help centre's articles that deflected
    tickets or answered some, most deflections first; each with ``deflected`` since
    ``since``, ``answered`` (tickets linked, ever), ``helpful`` and ``unhelpful`` votes."""

    def votes(helpful: bool) -> Coalesce:
        counts = (
            ArticleVote.objects.filter(article=OuterRef("pk"), helpful=helpful)
            .order_by()
            .values("article")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(counts), 0)

    rows = (
        help_centre_articles()
        .defer("body")
        .annotate(
            deflected=_deflections_since(since),
            answered=answered_count(),
            helpful=votes(True),
            unhelpful=votes(False),
        )
        .filter(Q(deflected__gt=0) | Q(answered__gt=0))
        .order_by("-deflected", "-answered", "title", "id")
    )
    return list(rows[:limit])


def feedback(article: Article) -> dict[str, int]:
    """The article's votes and deflections, all time (one query)."""
    counts = Article.objects.filter(pk=article.pk).aggregate(
        helpful=Count("votes", filter=Q(votes__helpful=True), distinct=True),
        unhelpful=Count("votes", filter=Q(votes__helpful=False), distinct=True),
        deflections=Count("deflections", distinct=True),
    )
    return {name: value or 0 for name, value in counts.items()}


def visitor_vote(article: Article, visitor: str) -> bool | None:
    """The visitor's answer to "did this answer your question?", or None."""
    if not visitor:
        return None
    return (
        ArticleVote.objects.filter(article=article, visitor=visitor)
        .values_list("helpful", flat=True)
        .first()
    )
