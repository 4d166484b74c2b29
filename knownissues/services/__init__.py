"""Every write of the known-issue tracker, in small topic modules.

Each write a person causes checks the actor through ``knownissues.policies`` and runs in a
transaction that locks the row it changes (the known issue, the bulk answer, the log entry); a
bulk answer is delivered in one transaction per ticket. Tickets change only through
``tickets.services`` (tags, notes, replies, transitions).

- ``create_known_issue``, ``update_known_issue``, ``change_status``, ``edit_known_issue``
  (``issues``)
- ``link_ticket``, ``unlink_ticket`` and the tag receiver's ``link_from_tag`` /
  ``unlink_from_tag`` (``links``)
- ``post_incident``, ``add_incident_update``, ``take_down_incident``: the public status page
  (``status_page``)
- ``compose_bulk_answer``, ``start_sending``, ``send_now`` and the worker's
  ``deliver_bulk_answer`` / ``resume_stalled`` (``bulk_answers``)
- ``dismiss_signal``: a lead's "no" to a dashboard signal (``dismissals``)
- ``add_log_entry``, ``mark_log_entry_done``, ``assign_log_entry``: the on-call log of
  Changing of the Guard (``guard_log``)
- ``verify_issue``, ``schedule_fix``: T4's verification and the fix's release day
  (``verification``); the changelog style of titles is ``changelog``
- ``open_github_issue``, ``receive_github_event``: the GitHub link-up (``github``)
- ``notify_unfiled``: tell the affected organizations' other customers once (``affected``)
"""

from .affected import NoticeResult, notify_unfiled
from .bulk_answers import (
    SEND_BULK_ANSWER_TASK,
    SendResult,
    compose_bulk_answer,
    deliver_bulk_answer,
    resume_stalled,
    send_now,
    start_sending,
)
from .dismissals import dismiss_signal
from .github import open_github_issue, receive_github_event
from .guard_log import add_log_entry, assign_log_entry, mark_log_entry_done
from .issues import change_status, create_known_issue, edit_known_issue, update_known_issue
from .links import link_from_tag, link_ticket, unlink_from_tag, unlink_ticket
from .status_page import add_incident_update, post_incident, take_down_incident
from .verification import schedule_fix, verify_issue

__all__ = [
    "SEND_BULK_ANSWER_TASK",
    "NoticeResult",
    "SendResult",
    "add_incident_update",
    "add_log_entry",
    "assign_log_entry",
    "change_status",
    "compose_bulk_answer",
    "create_known_issue",
    "deliver_bulk_answer",
    "dismiss_signal",
    "edit_known_issue",
    "link_from_tag",
    "link_ticket",
    "mark_log_entry_done",
    "notify_unfiled",
    "open_github_issue",
    "post_incident",
    "receive_github_event",
    "resume_stalled",
    "schedule_fix",
    "send_now",
    "start_sending",
    "take_down_incident",
    "unlink_from_tag",
    "unlink_ticket",
    "update_known_issue",
    "verify_issue",
]
