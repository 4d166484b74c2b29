"""Writing articles: a new draft, and changes to its text and its place (category, audience,
language, variant, related articles).

Agents write drafts and articles in review. A published article's text changes only by a lead,
and each change is published at once as a new version (Zendesk's "Update"); an agent asks a lead
to rework it as a draft instead. An archived article is reworked before it changes.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import ValidationFailed

from .. import policies
from ..errors import ArticleArchived
from ..models import Article, ArticleVersion, Category
from ..states import ORIGINAL_LANGUAGE, ArticleState, Audience, Language
from ._common import (
    SLUG_MAX,
    TITLE_MAX,
    clean_body,
    clean_choice,
    clean_line,
    clean_slug,
    lock_article,
    require,
)

# What ``update_article`` changes; anything else is refused.
EDITABLE = frozenset(
    {"title", "slug", "body", "category", "audience", "language", "variant_of", "related"}
)


def _category(value) -> Category:
    if isinstance(value, Category):
        return value
    number = str(value or "")
    found = None
    if number.isdigit() and int(number) < 2**63:  # past a bigint: no such category
        found = Category.objects.filter(pk=int(number)).first()
    found = found or Category.objects.filter(slug=str(value or "")).first()
    if found is None:
        raise ValidationFailed(
            "Choose the article's category.", fields={"category": ["Choose a category."]}
        )
    return found


def _article_named(value, field: str) -> Article:
    pk = value.pk if isinstance(value, Article) else value
    try:
        return Article.objects.get(pk=int(pk))
    except (Article.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed(
            f"Article {value} was not found.", fields={field: [f"Article {value} was not found."]}
        ) from None


def _variant_of(article: Article | None, value, language: str) -> Article | None:
    """The English article a Spanish one translates: English itself, not a variant, and without
    another variant in that language."""
    if value in (None, ""):
        return None
    original = _article_named(value, "variant_of")

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed(message, fields={"variant_of": [message]})

    if language == ORIGINAL_LANGUAGE:
        raise refuse("An English article is the original: only a Spanish one is a variant.")
    if article is not None and original.pk == article.pk:
        raise refuse("An article cannot be its own variant.")
    if original.language != ORIGINAL_LANGUAGE or original.variant_of_id is not None:
        raise refuse(f"“{original.title}” is not an English original: choose the English one.")
    taken = Article.objects.filter(variant_of=original, language=language)
    if article is not None:
        taken = taken.exclude(pk=article.pk)
    other = taken.first()
    if other is not None:
        raise refuse(
            f"“{original.title}” already has a {Language(language).label} variant: "
            f"“{other.title}” (article {other.pk})."
        )
    return original


def _related(article: Article | None, values: Iterable) -> list[Article]:
    chosen = [_article_named(value, "related") for value in values or []]
    return [a for a in chosen if article is None or a.pk != article.pk]


def create_article(
    *,
    actor,
    title: str,
    body: str,
    category,
    audience: str = Audience.PUBLIC,
    language: str = Language.ENGLISH,
    slug: str = "",
    variant_of=None,
    related: Iterable = (),
) -> Article:
    """A new draft, written by ``actor`` (an agent)."""
    require(policies.may_write(actor), "Only agents may write articles.")
    title = clean_line(title, "title", TITLE_MAX, required=True)
    body = clean_body(body)
    audience = clean_choice(audience, Audience, "audience")
    language = clean_choice(language, Language, "language")
    chosen_category = _category(category)
    at = timezone.now()
    with transaction.atomic():
        original = _variant_of(None, variant_of, language)
        article = Article.objects.create(
            title=title,
            slug=clean_slug(slug, title),
            body=body,
            category=chosen_category,
            audience=audience,
            language=language,
            variant_of=original,
            created_by=actor,
            updated_by=actor,
            created_at=at,
            updated_at=at,
            state_changed_at=at,
        )
        article.related.set(_related(article, related))
    return article


def _clean_changes(article: Article, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE
    if unknown:
        named = ", ".join(sorted(unknown))
        raise ValidationFailed(f"These fields cannot be changed here: {named}.")
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = clean_line(changes["title"], "title", TITLE_MAX, required=True)
    if "slug" in changes:
        clean["slug"] = clean_slug(changes["slug"], clean.get("title", article.title))[:SLUG_MAX]
    if "body" in changes:
        clean["body"] = clean_body(changes["body"])
    if "category" in changes:
        clean["category"] = _category(changes["category"])
    if "audience" in changes:
        clean["audience"] = clean_choice(changes["audience"], Audience, "audience")
    if "language" in changes:
        clean["language"] = clean_choice(changes["language"], Language, "language")
    language = clean.get("language", article.language)
    if "variant_of" in changes or "language" in changes:
        value = changes.get("variant_of", article.variant_of_id)
        clean["variant_of"] = _variant_of(article, value, language)
    if language != ORIGINAL_LANGUAGE and article.variants.exists():
        message = "This article has variants in other languages: it stays the English original."
        raise ValidationFailed(message, fields={"language": [message]})
    return clean


def keep_version(article: Article, *, actor, at: datetime) -> ArticleVersion:
    """Keep the article's text as its next published version."""
    last = article.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleVersion.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        body=article.body,
        author=article.updated_by,
        published_by=actor,
        published_at=at,
    )


def update_article(article: Article, *, actor, **changes) -> Article:
    """Change an article's text or place. On a published article (leads only) a change of the
    title or the text is published at once as its next version."""
    require(policies.may_write(actor), "Only agents may edit articles.")
    at = timezone.now()
    with transaction.atomic():
        article = lock_article(article)
        refusal = policies.edit_refusal(actor, article)
        if refusal and article.state == ArticleState.ARCHIVED:
            raise ArticleArchived(refusal, current_state=article.state)
        require(not refusal, refusal)
        related = changes.pop("related", None)
        clean = _clean_changes(article, changes)
        changed = {name for name, value in clean.items() if getattr(article, name) != value}
        for name in changed:
            setattr(article, name, clean[name])
        related_list = _related(article, related) if related is not None else None
        if related_list is not None and {a.pk for a in related_list} != set(
            article.related.values_list("pk", flat=True)
        ):
            article.related.set(related_list)
            changed.add("related")
        if not changed:
            return article
        if {"title", "body"} & changed:
            article.updated_by = actor
        article.updated_at = at
        article.save()
        if article.state == ArticleState.PUBLISHED and {"title", "body"} & changed:
            keep_version(article, actor=actor, at=at)
            article.published_at = at
            article.save(update_fields=["published_at"])
    return article
