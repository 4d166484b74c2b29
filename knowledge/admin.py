"""Admin of the knowledge app."""

from . import macro_admin  # noqa: F401
