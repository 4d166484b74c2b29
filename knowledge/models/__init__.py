"""The knowledge base's tables: categories and articles (``articles``), and what readers and
agents do with them (``feedback``: votes, deflections, the tickets an article answered)."""

from ..macro_models import Macro, MacroScope, MacroStatus, MacroUse
from .articles import Article, ArticleTransitionLog, ArticleVersion, Category
from .feedback import ArticleLink, ArticleVote, Deflection

__all__ = [
    "Article",
    "ArticleLink",
    "ArticleTransitionLog",
    "ArticleVersion",
    "ArticleVote",
    "Category",
    "Deflection",
    "Macro",
    "MacroScope",
    "MacroStatus",
    "MacroUse",
]
