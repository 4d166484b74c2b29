"""Values of the known-issue fields (seed 003)."""

from django.db import models


class IssueStatus(models.TextChoices):
    INVESTIGATING = "investigating", "Investigating"
    KNOWN_ISSUE = "known_issue", "Known Issue"
    RESOLVED = "resolved", "Resolved"


OPEN_ISSUE_STATUSES = frozenset({IssueStatus.INVESTIGATING, IssueStatus.KNOWN_ISSUE})

# The words the public status page, its feed and status.json use for each status: the usual
# words of status pages, not the desk's ("Known Issue" means nothing to a customer). There is no
# "Monitoring": no status of ours means "fixed, watching"; a resolved issue says Resolved.
PUBLIC_STATUS_LABELS: dict[str, str] = {
    IssueStatus.INVESTIGATING: "Investigating",
    IssueStatus.KNOWN_ISSUE: "Identified",
    IssueStatus.RESOLVED: "Resolved",
}


class FixPath(models.TextChoices):
    """How a verified bug gets fixed: T4's decision when verifying it (seed 003-28)."""

    ON_CALL_HOTFIX = "on_call_hotfix", "On-call hotfix"
    NORMAL_BUG_FLOW = "normal_bug_flow", "Normal bug flow"


class LogKind(models.TextChoices):
    """What an on-call log line records (seed 003, Changing of the Guard)."""

    HOTFIX = "hotfix", "Hotfix"
    SCRIPT = "script", "Script run"
    OPEN_LOOP = "open_loop", "Open loop"
    NOTE = "note", "Note"


class BulkAnswerState(models.TextChoices):
    DRAFT = "draft", "Draft (preview)"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
