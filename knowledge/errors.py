"""Domain errors of the knowledge base, on top of ``helpdesk.core.errors`` (each carries a code
and an HTTP status: the API maps them to JSON, the forms to messages). A refused state change is
``helpdesk.core.fsm.TransitionNotAllowed`` (409), as for tickets and tasks."""

from helpdesk.core.errors import Conflict
from helpdesk.core.fsm import TransitionNotAllowed

__all__ = ["AlreadyLinked", "ArticleArchived", "NotPublished", "TransitionNotAllowed"]


class NotPublished(Conflict):
    """Only a published article answers a ticket or takes votes."""

    code = "article_not_published"


class AlreadyLinked(Conflict):
    """The article already answers this ticket."""

    code = "already_linked"


class ArticleArchived(Conflict):
    """An archived article changes only once a lead reworks it as a draft."""

    code = "article_archived"
