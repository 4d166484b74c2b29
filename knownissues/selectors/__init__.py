"""Every read of the known-issue tracker with more than one caller, in small topic modules, with
its ``select_related`` / annotations so query counts stay flat.

- the tracker list, one issue, the escalation dialog's search, the ticket panel, an issue by
  its tag (``issues``)
- recipients, drafts and deliveries of bulk answers (``bulk_answers``)
- the leads' "create a known issue?" / "post it?" signals (``signals``)
- the public status page's read model, and the customer data a public text must not name
  (``status_page``)
- Changing of the Guard: the week's issues, on-call escalations and shifts, the on-call log
  (``guard``); the designees of the week and the week before, the outgoing T3's hand-over,
  the changes going out (``handover``)
- the affected organizations and customers, and who has not filed a ticket (``affected``)
"""

from .affected import Affected, affected_of, unfiled_audience
from .bulk_answers import (
    bulk_answer_recipients,
    bulk_answers_of,
    delivered_ticket_ids,
    get_bulk_answer,
    open_bulk_answer,
)
from .guard import (
    get_log_entry,
    known_issues_of_week,
    log_of_week,
    on_call_escalations,
    on_call_shifts,
)
from .handover import Changes, changes_going_out, designees, handover, log_assignees
from .issues import (
    find_issue,
    get_known_issue,
    is_number,
    issue_for_tag,
    issue_to_post,
    issues_of_ticket,
    known_issue_list,
    linked_tickets,
    search,
    tickets_for_new_issue,
)
from .signals import (
    lead_signals,
    post_signal_key,
    tag_signal_key,
)
from .status_page import (
    PublicIncident,
    PublicUpdate,
    Snapshot,
    incident_preview,
    leaked_names,
    public_lines,
    status_history,
    status_snapshot,
)

__all__ = [
    "Affected",
    "Changes",
    "PublicIncident",
    "PublicUpdate",
    "Snapshot",
    "affected_of",
    "bulk_answer_recipients",
    "bulk_answers_of",
    "changes_going_out",
    "delivered_ticket_ids",
    "designees",
    "find_issue",
    "get_bulk_answer",
    "get_known_issue",
    "get_log_entry",
    "handover",
    "incident_preview",
    "is_number",
    "issue_for_tag",
    "issue_to_post",
    "issues_of_ticket",
    "known_issue_list",
    "known_issues_of_week",
    "lead_signals",
    "leaked_names",
    "linked_tickets",
    "log_assignees",
    "log_of_week",
    "on_call_escalations",
    "on_call_shifts",
    "open_bulk_answer",
    "post_signal_key",
    "public_lines",
    "search",
    "status_history",
    "status_snapshot",
    "tag_signal_key",
    "tickets_for_new_issue",
    "unfiled_audience",
]
