"""The knowledge base's tables: categories and articles (``articles``), and what readers and
agents do with them (``feedback``: votes, deflections, the tickets an article answered), and
the leads' queue of articles asked for (``doc_requests``)."""

from ..macro_models import Macro, MacroScope, MacroStatus, MacroUse
from .articles import Article, ArticleTransitionLog, ArticleVersion, Category
from .doc_requests import DocRequest, DocRequestTicket
from .feedback import ArticleLink, ArticleVote, Deflection

__all__ = [
    "Article",
    "ArticleLink",
    "ArticleTransitionLog",
    "ArticleVersion",
    "ArticleVote",
    "Category",
    "Deflection",
    "DocRequest",
    "DocRequestTicket",
    "Macro",
    "MacroScope",
    "MacroStatus",
    "MacroUse",
]
