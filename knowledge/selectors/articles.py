"""Reads of articles and categories: the desk's list, the help centre's shelves, one article
with what its page shows, the ticket page's links."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from helpdesk.core import fsm
from helpdesk.core.errors import NotFound

from .. import policies
from ..models import Article, ArticleLink, ArticleTransitionLog, ArticleVersion, Category
from ..states import ArticleState, Audience


def _articles() -> QuerySet[Article]:
    # The search vector stays in the database: no page shows it. (Any ``only()`` keeps
    # ``state``: the state machine reads it as each row loads.)
    return Article.objects.defer("search_vector")


def help_centre_articles() -> QuerySet[Article]:
    """What anyone may read at /help/: public, published."""
    return _articles().filter(state=ArticleState.PUBLISHED, audience=Audience.PUBLIC)


def readable_articles(user) -> QuerySet[Article]:
    """Every article for agents; the help centre's for everyone else (``user`` None: the
    public, whoever is signed in)."""
    if user is not None and policies.may_use_desk(user):
        return _articles()
    return help_centre_articles()


def answered_count(field: str = "pk") -> Coalesce:
    """How many tickets the article ``field`` names answered (a subquery per row, not a join
    that would multiply the rows)."""
    counts = (
        ArticleLink.objects.filter(article=OuterRef(field))
        .order_by()
        .values("article")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def desk_articles(
    *, state: str = "", category: str = "", audience: str = "", language: str = ""
) -> QuerySet[Article]:
    """The desk's list: every state, newest change first, with the given filters."""
    qs = _articles().select_related("category", "updated_by")
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category__slug=category)
    if audience:
        qs = qs.filter(audience=audience)
    if language:
        qs = qs.filter(language=language)
    return qs.order_by("-updated_at", "-id")


def get_article(user, pk) -> Article:
    """An article ``user`` may read (None: the help centre's), with its category, variant and
    authors; else NotFound (a draft or internal article is not disclosed to the public)."""
    try:
        return (
            readable_articles(user)
            .select_related("category", "variant_of", "created_by", "updated_by")
            .get(pk=int(pk))
        )
    except (Article.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"Article {pk} was not found.") from None


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name", "id")


def help_categories(per_category: int = 6) -> list[Category]:
    """The help centre's shelves with articles, each with ``shown`` (its first articles) and
    ``total``: two queries, whatever the number of categories."""
    shelves: list[Category] = list(
        categories()
        .annotate(
            total=Count(
                "articles",
                filter=Q(
                    articles__state=ArticleState.PUBLISHED, articles__audience=Audience.PUBLIC
                ),
            )
        )
        .filter(total__gt=0)
    )
    rows = help_centre_articles().filter(category__in=shelves).order_by("title", "id")
    by_category: dict[int, list[Article]] = {}
    for article in rows.only("id", "title", "slug", "category_id", "language", "state"):
        by_category.setdefault(article.category_id, []).append(article)
    for shelf in shelves:
        shown = by_category.get(shelf.pk, [])[:per_category]
        shelf.shown = shown  # type: ignore[attr-defined]  # the template reads it
    return shelves


def get_category(slug: str) -> Category:
    try:
        return categories().get(slug=slug)
    except Category.DoesNotExist:
        raise NotFound(f"Category {slug} was not found.") from None


def category_articles(category: Category) -> QuerySet[Article]:
    return help_centre_articles().filter(category=category).order_by("title", "id")


def related_articles(user, article: Article) -> list[Article]:
    """The related articles ``user`` may read (the help centre's for the public)."""
    return list(
        readable_articles(user)
        .filter(related=article)
        .exclude(pk=article.pk)
        .only("id", "title", "slug", "state", "audience", "language")
        .order_by("title", "id")
    )


def variants(user, article: Article) -> list[Article]:
    """The same article in the other languages that ``user`` may read: the English original and
    its variants, except this one."""
    original = article.variant_of_id or article.pk
    return list(
        readable_articles(user)
        .filter(Q(pk=original) | Q(variant_of=original))
        .exclude(pk=article.pk)
        .only("id", "title", "slug", "language", "state", "audience")
        .order_by("language")
    )


def english_originals(exclude: int | None = None) -> QuerySet[Article]:
    """Articles a Spanish one may translate (the form's choices)."""
    qs = _articles().filter(language="en", variant_of__isnull=True).only("id", "title", "state")
    return qs.exclude(pk=exclude) if exclude else qs.order_by("title", "id")


def versions_of(article: Article) -> QuerySet[ArticleVersion]:
    return (
        ArticleVersion.objects.filter(article=article)
        .select_related("author", "published_by")
        .order_by("-number")
    )


def get_version(article: Article, number) -> ArticleVersion:
    try:
        return versions_of(article).get(number=int(number))
    except (ArticleVersion.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"Article {article.pk} has no version {number}.") from None


def state_log(article: Article) -> QuerySet[ArticleTransitionLog]:
    return ArticleTransitionLog.objects.filter(article=article).select_related("actor")


def available_transitions(article: Article, user) -> list[dict[str, str]]:
    """The state changes ``user`` may make on ``article`` now (buttons, API, refusals)."""
    return fsm.available(article, "state", user)


# --- "answered by" -------------------------------------------------------------------------


def links_of_ticket(ticket) -> QuerySet[ArticleLink]:
    """The articles that answer a ticket, each with how many tickets it answered (one query)."""
    return (
        ArticleLink.objects.filter(ticket=ticket)
        .select_related("article")
        .defer("article__search_vector")
        .annotate(answered=answered_count("article_id"))
        .order_by("created_at", "id")
    )


def tickets_answered(article: Article, limit: int = 20) -> tuple[int, list[ArticleLink]]:
    """How many tickets the article answered, and the latest ``limit`` links with their ticket."""
    links = ArticleLink.objects.filter(article=article)
    latest = list(
        links.select_related("ticket", "linked_by").order_by("-created_at", "-id")[:limit]
    )
    total = len(latest) if len(latest) < limit else links.count()
    return total, latest


def linked_article_ids(ticket, articles) -> set[int]:
    return set(
        ArticleLink.objects.filter(ticket=ticket, article__in=articles).values_list(
            "article_id", flat=True
        )
    )
