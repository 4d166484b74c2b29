"""Domain errors of the known-issue tracker, on top of ``helpdesk.core.errors``.

Each carries a code (the ``error.code`` of the JSON answer) and an HTTP status; the API maps
them to JSON and the forms to messages, as for any ``DomainError``. The generic ones (not found,
forbidden, invalid fields) are raised as they are.
"""

from helpdesk.core.errors import Conflict, DomainError


class AlreadyLinked(Conflict):
    """The ticket is already linked to the known issue."""

    code = "already_linked"


class IssueResolved(Conflict):
    """A Resolved known issue takes no new tickets and is not posted on the status page."""

    code = "known_issue_resolved"


class BulkAnswerBusy(Conflict):
    """The known issue's bulk answer is still being sent."""

    code = "bulk_answer_busy"


class AlreadyPosted(Conflict):
    """The known issue is already on the public status page."""

    code = "already_posted"


class NotPosted(Conflict):
    """The known issue is not on the public status page."""

    code = "not_posted"


class LogEntryDone(Conflict):
    """The on-call log entry was already marked done."""

    code = "log_entry_done"


class GitHubAlreadyLinked(Conflict):
    """The known issue already has a GitHub issue (or another external bug link)."""

    code = "github_already_linked"


class GitHubNotConfigured(Conflict):
    """The GitHub link-up is off: its settings are not set."""

    code = "github_not_configured"


class GitHubUnavailable(DomainError):
    """GitHub could not be reached or refused the request: nothing was written."""

    code = "github_unavailable"
    status = 502
