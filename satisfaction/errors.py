"""Domain errors of customer satisfaction, on top of ``helpdesk.core.errors`` (each carries a
code, an HTTP status and a sentence the customer reads)."""

from helpdesk.core.errors import Conflict, ValidationFailed


class LinkInvalid(ValidationFailed):
    """The link was changed or made up: its signature does not match."""

    code = "csat_link_invalid"


class LinkExpired(ValidationFailed):
    """The link (or the survey) is older than ``states.ANSWER_DAYS``."""

    code = "csat_link_expired"


class AlreadyAnswered(Conflict):
    """The first answer wins; a later click or form does not change it."""

    code = "csat_already_answered"


class AlreadyCommented(Conflict):
    """A comment is added once."""

    code = "csat_already_commented"
