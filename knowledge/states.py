"""Values of the knowledge base's fields: an article's state and audience. An article's
language is ``tickets.states.Language`` (English, Spanish), the same two the ticket search
reads in."""

from django.db import models

from tickets.states import Language

__all__ = [
    "ARTICLE_LANGUAGES",
    "ArticleState",
    "Audience",
    "DocKind",
    "DocRequestStatus",
    "DocSource",
    "Language",
]


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


class DocKind(models.TextChoices):
    """What a doc request asks for: an article for customers, or one for staff."""

    USER = "user", "User doc"
    INTERNAL = "internal", "Internal doc"


# The article a doc request starts is of this audience.
AUDIENCE_OF_KIND = {DocKind.USER: Audience.PUBLIC, DocKind.INTERNAL: Audience.INTERNAL}


class DocRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    DRAFTING = "drafting", "Drafting"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


# A request still waiting for its article: tickets join it, nothing opens beside it.
LIVE_DOC_STATUSES = (DocRequestStatus.OPEN, DocRequestStatus.DRAFTING)


class DocSource(models.TextChoices):
    """Why the request was opened."""

    ESCALATION_TAG = "tag", "Escalation tag"
    FINDINGS = "findings", "Findings of a resolution"
    DUPLICATES = "duplicates", "Three duplicate answers"
