"""What the knowledge services share: locking an article, refusing, cleaning what people type."""

from django.utils.text import slugify

from helpdesk.core import fsm
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from ..models import Article

TITLE_MAX = 200
SLUG_MAX = 80
BODY_MAX = 100_000
SUBJECT_MAX = 200
VISITOR_MAX = 64


def lock_article(article: Article | int) -> Article:
    """The article's row, locked for the rest of the transaction (``NotFound`` if gone)."""
    pk: int = article if isinstance(article, int) else article.pk
    return fsm.lock(Article, pk, "Article")


def require(allowed: bool, refusal: str) -> None:
    if not allowed:
        raise PermissionDenied(refusal)


# The search's highlight marks (knowledge.selectors.search): never part of a text.
_MARKS = str.maketrans("", "", "\ue000\ue001")


def clean_line(value, name: str, limit: int, *, required: bool = False) -> str:
    """One line of text: spaces collapsed, at most ``limit`` characters."""
    text = " ".join(str(value or "").translate(_MARKS).split())
    if required and not text:
        raise ValidationFailed(f"The {name} is required.", fields={name: ["This is required."]})
    if len(text) > limit:
        raise ValidationFailed(
            f"The {name} is at most {limit} characters.",
            fields={name: [f"At most {limit} characters."]},
        )
    return text


def clean_body(value) -> str:
    text = str(value or "").translate(_MARKS).strip()
    if not text:
        raise ValidationFailed(
            "Write the article's text.", fields={"body": ["Write the article's text."]}
        )
    if len(text) > BODY_MAX:
        raise ValidationFailed(
            f"The text is at most {BODY_MAX:,} characters.",
            fields={"body": [f"At most {BODY_MAX:,} characters."]},
        )
    return text


def clean_slug(value, title: str) -> str:
    """The words of the article's address: given, else made from the title."""
    slug = slugify(str(value or "").strip() or title)[:SLUG_MAX].strip("-")
    return slug or "article"


def clean_choice(value, choices, name: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            f"Unknown {name} {value!r}.",
            fields={name: [f"Choose one of: {', '.join(choices.values)}."]},
        )
    return str(value)


def clean_visitor(visitor) -> str:
    visitor = str(visitor or "")
    if not visitor or len(visitor) > VISITOR_MAX:
        raise ValidationFailed("Who is voting is unknown: reload the page and try again.")
    return visitor
