"""How a later app adds its rows to the permission matrix (tests/test_permission_matrix.py).

A ``matrix_<app>.py`` module defines ``EXTENSION = MatrixExtension(rows=..., build=..., url=...)``:
``rows`` maps URL names to ``(method, payload, {role: status})`` as in the matrix; ``build(world)``
adds the objects its URLs need to the shared world dict (it holds "ticket", "attachment" and
"users" by role); ``url(name, world)`` returns the URL for one of its names, or None to fall back
to the matrix's default (the ticket's number as the only argument, else no argument).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def _nothing(world: dict) -> None:
    return None


def _default_url(name: str, world: dict) -> str | None:
    return None


@dataclass(frozen=True)
class MatrixExtension:
    rows: dict = field(default_factory=dict)
    build: Callable[[dict], None] = _nothing
    url: Callable[[str, dict], str | None] = _default_url
