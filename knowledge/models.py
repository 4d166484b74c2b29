"""The knowledge base's and the macros' tables."""

from .macro_models import Macro, MacroScope, MacroStatus, MacroUse  # noqa: F401
