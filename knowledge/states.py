"""Values of the knowledge base's fields: an article's state and audience. An article's
language is ``tickets.states.Language`` (English, Spanish), the same two the ticket search
reads in."""

from django.db import models

from tickets.states import Language

__all__ = ["ARTICLE_LANGUAGES", "ArticleState", "Audience", "Language"]


class ArticleState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Audience(models.TextChoices):
    PUBLIC = "public", "Public (help centre)"
    INTERNAL = "internal", "Internal (staff only)"


# The language an article is written in; a Spanish article may be the variant of an English one.
ARTICLE_LANGUAGES = Language
# The original language: variants point to an article in it.
ORIGINAL_LANGUAGE = Language.ENGLISH
