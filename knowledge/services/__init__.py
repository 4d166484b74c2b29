"""Every write of the knowledge app, by topic (``macros``: canned replies and their use)."""

from . import macros  # noqa: F401
