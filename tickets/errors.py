"""The tickets app's domain errors, on top of ``helpdesk.core.errors`` (each has a code; the
API maps them once to JSON, the forms to messages)."""

from helpdesk.core.errors import Conflict
from helpdesk.core.fsm import TransitionNotAllowed

__all__ = ["AccountExists", "NewerMessage", "TransitionNotAllowed"]


class AccountExists(Conflict):
    """An invitation for an email address or username that already has an account."""

    code = "account_exists"


class NewerMessage(Conflict):
    """A reply written while a newer public message arrived: the agent reads it first."""

    code = "newer_message"
