"""The tickets app's domain errors, on top of ``helpdesk.core.errors`` (each has a code; the
API maps them once to JSON, the forms to messages)."""

from helpdesk.core.errors import Conflict


class TransitionNotAllowed(Conflict):
    """A status change that is not allowed now (409, with the current status and what is)."""

    code = "transition_not_allowed"


class AccountExists(Conflict):
    """An invitation for an email address or username that already has an account."""

    code = "account_exists"
