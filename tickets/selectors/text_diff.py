"""A line-by-line difference between two texts (the Deep Dive's versions), for a table: each
row is unchanged, removed or added, with its line numbers; long unchanged stretches fold into
one row. Rows carry plain text: the template escapes it."""

import difflib
from dataclasses import dataclass

CONTEXT = 3  # unchanged lines kept around each change


@dataclass(frozen=True)
class DiffLine:
    """``kind``: "same", "del", "ins" or "fold" (then ``folded`` says how many lines)."""

    kind: str
    old: int | None = None
    new: int | None = None
    text: str = ""
    folded: int = 0


def line_diff(old: str, new: str) -> list[DiffLine]:
    """The rows from ``old`` to ``new``; no difference: no rows."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [DiffLine("same", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1)]
            continue
        rows += [DiffLine("del", i + 1, None, a[i]) for i in range(i1, i2)]
        rows += [DiffLine("ins", None, j + 1, b[j]) for j in range(j1, j2)]
    return _fold(rows)


def _fold(rows: list[DiffLine]) -> list[DiffLine]:
    changed = [i for i, row in enumerate(rows) if row.kind != "same"]
    if not changed:
        return []
    keep: set[int] = set()
    for i in changed:
        keep.update(range(max(0, i - CONTEXT), min(len(rows), i + CONTEXT + 1)))
    folded: list[DiffLine] = []
    hidden = 0
    for i, row in enumerate(rows):
        if i in keep:
            if hidden:
                folded.append(DiffLine("fold", folded=hidden))
                hidden = 0
            folded.append(row)
        else:
            hidden += 1
    if hidden:
        folded.append(DiffLine("fold", folded=hidden))
    return folded
