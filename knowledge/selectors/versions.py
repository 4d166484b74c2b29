"""The difference between two texts of an article, line by line and, within a changed line,
word by word: rows for a table where removed words are ``<del>`` and added ones ``<ins>``.

Every piece of text is escaped before it is wrapped, so an article's HTML or Markdown shows as
typed and never becomes markup. Long unchanged stretches fold into one "unchanged lines" row.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Unchanged lines kept around each change; longer unchanged stretches fold.
CONTEXT = 3
_TOKENS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class DiffRow:
    """``kind``: "same", "del", "ins" or "fold" (``text`` then says how many lines)."""

    kind: str
    old: int | None
    new: int | None
    html: SafeString


def _wrap(tokens: list[str], tag: str) -> str:
    """The words in ``tag``; the spaces around them stay outside."""
    text = "".join(tokens)
    words = text.strip()
    if not words:
        return escape(text)
    start = text.index(words)
    before, after = text[:start], text[start + len(words) :]
    return f"{escape(before)}<{tag}>{escape(words)}</{tag}>{escape(after)}"


def _words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """One changed line: the old with its removed words in <del>, the new with its added ones
    in <ins>."""
    a, b = _TOKENS.split(old), _TOKENS.split(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(a[i1:i2])))
            right.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(_wrap(a[i1:i2], "del"))
        if j2 > j1:
            right.append(_wrap(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))  # every piece escaped above


def _line(text: str, tag: str) -> SafeString:
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>" if text.strip() else escape(text))


def _fold(rows: list[DiffRow]) -> list[DiffRow]:
    """Keep ``CONTEXT`` unchanged lines around each change; fold the rest (no change: no
    rows)."""
    changed = [i for i, row in enumerate(rows) if row.kind != "same"]
    if not changed:
        return []
    keep: set[int] = set()
    for i in changed:
        keep.update(range(max(0, i - CONTEXT), min(len(rows), i + CONTEXT + 1)))
    folded: list[DiffRow] = []
    hidden = 0
    for i, row in enumerate(rows):
        if i in keep:
            if hidden:
                folded.append(_folded(hidden))
                hidden = 0
            folded.append(row)
        else:
            hidden += 1
    if hidden:
        folded.append(_folded(hidden))
    return folded


def _folded(count: int) -> DiffRow:
    words = "1 unchanged line" if count == 1 else f"{count} unchanged lines"
    return DiffRow("fold", None, None, mark_safe(words))


def diff_rows(old: str, new: str) -> list[DiffRow]:
    """The rows of the table showing how ``old`` became ``new``."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [
                DiffRow("same", i + 1, j + 1, escape(a[i]))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        olds, news = [], []
        for k in range(paired):
            left, right = _words(a[i1 + k], b[j1 + k])
            olds.append(DiffRow("del", i1 + k + 1, None, left))
            news.append(DiffRow("ins", None, j1 + k + 1, right))
        olds += [DiffRow("del", i + 1, None, _line(a[i], "del")) for i in range(i1 + paired, i2)]
        news += [DiffRow("ins", None, j + 1, _line(b[j], "ins")) for j in range(j1 + paired, j2)]
        rows += olds + news
    return _fold(rows)


def title_change(old: str, new: str) -> tuple[SafeString, SafeString] | None:
    """The title's words removed and added, or None when it did not change."""
    return None if old == new else _words(old, new)
