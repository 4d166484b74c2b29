"""Article search: the desk's list, the help centre's search box, the ticket page's panel and
the portal's suggestions while a customer types a subject.

``search(text, within=queryset)`` returns the articles of ``within`` (already scoped: the help
centre's, or the desk's under its filters) that match ``text``, best first, each with its title
and a few words of its text where the matched words are marked: escaped first, so nothing a
writer typed becomes markup (as the ticket search, docs/decisions/0012-search.md).

On PostgreSQL it reads ``Article.search_vector`` (kept by a trigger: title weighted A, body B,
in the article's language; a GIN index). A query matches the English or the Spanish form of its
words, and each article is ranked against the form of its own language, so a title match
outranks a body match. ``mode="any"`` (the suggestions) matches articles holding any of the
words, ranked by how many and where. On SQLite (``make run``) every word (or any, in that mode)
must appear in the title or the text, case-blind; a title match first.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import Article
from ..states import Language

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
LIMIT = 50
# ts_headline's marks: Unicode private-use characters, removed from the text first, so after
# escaping exactly the marks PostgreSQL placed become <mark>.
_START, _STOP = "\ue000", "\ue001"
_CONFIG = {Language.ENGLISH: "english", Language.SPANISH: "spanish"}
# Words too common to suggest anything on SQLite (PostgreSQL has its stop-word lists).
_COMMON = frozenset(
    {
        "a", "an", "and", "are", "can", "cannot", "does", "for", "from", "how", "into", "is", "it",
        "my", "not", "of", "on", "or", "our", "the", "this", "to", "what", "when", "why", "with",
        "your", "de", "el", "en", "la", "las", "los", "no", "por", "que", "se", "un", "una", "y",
        "con", "del", "para",
    }
)  # fmt: skip
# Markdown punctuation left in a snippet of the raw text: links keep their words.
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|`+|^#+\s*|^>\s*|^\s*[-*+]\s+)", re.MULTILINE)
# A table's pipes and its header rule ``|---|:---:|``.
_MD_TABLE = re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+|\|")


@dataclass(frozen=True)
class Hit:
    """One matching article: its rank, its title and a snippet (escaped HTML where only
    ``<mark>`` is markup; the snippet is empty when only the title matched)."""

    article: Article
    rank: float
    title: SafeString
    snippet: SafeString


def clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _words(text: str, *, any_word: bool) -> list[str]:
    words = [w.strip("\"'()!?.,;:") for w in text.split()]
    words = [w for w in words if w]
    if any_word:
        words = [w for w in words if len(w) > 2 and w.lower() not in _COMMON]
    return words[:MAX_WORDS]


def search(
    text: str, *, within: QuerySet[Article], any_word: bool = False, limit: int = LIMIT
) -> list[Hit]:
    """The articles of ``within`` matching ``text``, best first (at most ``limit``)."""
    text = clean(text)
    if not text:
        return []
    if connections[within.db].vendor == "postgresql":
        return _search_postgres(text, within, any_word, limit)
    return _search_fallback(text, within, any_word, limit)


# --- PostgreSQL ----------------------------------------------------------------------------


def _queries(text: str, any_word: bool) -> dict[str, SearchQuery]:
    """The query in each language: all the words (web-search syntax: quotes, ``or``, ``-``),
    or any of them."""
    queries: dict[str, SearchQuery] = {}
    for language, config in _CONFIG.items():
        if any_word:
            words = _words(text, any_word=True) or [text]
            query = SearchQuery(words[0], config=config)
            for word in words[1:]:
                query |= SearchQuery(word, config=config)
        else:
            query = SearchQuery(text, config=config, search_type="websearch")
        queries[language] = query
    return queries


def _own(queries: dict[str, SearchQuery], make):
    """``make(config, query)`` in the article's own language."""
    return Case(
        When(
            language=Language.SPANISH,
            then=make(_CONFIG[Language.SPANISH], queries[Language.SPANISH]),
        ),
        default=make(_CONFIG[Language.ENGLISH], queries[Language.ENGLISH]),
    )


def _search_postgres(text: str, within: QuerySet[Article], any_word: bool, limit: int) -> list[Hit]:
    queries = _queries(text, any_word)
    either = queries[Language.ENGLISH] | queries[Language.SPANISH]
    rows = (
        within.filter(search_vector=either)
        .annotate(
            rank=_own(queries, lambda config, query: SearchRank(F("search_vector"), query)),
            title_marked=_own(
                queries,
                lambda config, query: SearchHeadline(
                    "title",
                    query,
                    config=config,
                    highlight_all=True,
                    start_sel=_START,
                    stop_sel=_STOP,
                ),
            ),
            snippet_raw=_own(
                queries,
                lambda config, query: SearchHeadline(
                    "body",
                    query,
                    config=config,
                    max_words=30,
                    min_words=12,
                    start_sel=_START,
                    stop_sel=_STOP,
                ),
            ),
        )
        .order_by("-rank", "-updated_at", "-id")[:limit]
    )
    return [
        Hit(
            article=row,
            rank=float(row.rank),
            title=_marked(row.title_marked) if _START in row.title_marked else escape(row.title),
            snippet=_marked(_plain(row.snippet_raw)) if _START in row.snippet_raw else _empty(),
        )
        for row in rows
    ]


# --- SQLite (make run) ---------------------------------------------------------------------


def _search_fallback(text: str, within: QuerySet[Article], any_word: bool, limit: int) -> list[Hit]:
    words = _words(text, any_word=any_word)
    if not words:
        return []
    matched = Q() if not any_word else Q(pk__in=[])
    score: Any = Value(0, output_field=IntegerField())
    for word in words:
        here = Q(title__icontains=word) | Q(body__icontains=word)
        matched = (matched | here) if any_word else (matched & here)
        score = (
            score
            + Case(When(title__icontains=word, then=Value(2)), default=Value(0))
            + Case(When(body__icontains=word, then=Value(1)), default=Value(0))
        )
    rows = within.filter(matched).annotate(rank=score).order_by("-rank", "-updated_at", "-id")
    return [
        Hit(
            article=row,
            rank=float(row.rank),
            title=_marked(_excerpt(row.title, words, 400) or row.title),
            snippet=_marked(_plain(_excerpt(row.body, words))),
        )
        for row in rows[:limit]
    ]


def _excerpt(source: str, words: Sequence[str], width: int = 180) -> str:
    """The part of ``source`` around the first of ``words``, the words between the marks."""
    lowered = source.lower()
    starts = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    if not starts:
        return ""
    begin = max(0, min(starts) - width // 3) if len(source) > width else 0
    piece = source[begin : begin + width]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda found: f"{_START}{found.group(0)}{_STOP}", piece)
    return ("… " if begin else "") + marked + (" …" if begin + width < len(source) else "")


# --- snippets --------------------------------------------------------------------------------


def _plain(raw: str) -> str:
    """A snippet of Markdown read as words: links keep their text, emphasis marks go."""
    text = _MD_MARKS.sub("", _MD_LINK.sub(r"\1", raw))
    return " ".join(_MD_TABLE.sub(" ", text).split())


def _empty() -> SafeString:
    return mark_safe("")


def _marked(raw: str) -> SafeString:
    """Escape the text (its own private-use characters dropped), then turn the marks into
    <mark>: only the marks become markup."""
    safe = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(safe)  # escaped above: the only tags are ours
