"""Every write a user (or the system) can cause on tickets, by topic.

Each service is one transaction: it locks the ticket row, checks permission through
``tickets.policies``, applies the transition or change, and records the timeline entry. HTML
views, the API, admin and Celery sweeps all call these functions; other apps call them too
(cross-app writes go through the owner's services).

- ``submit_ticket`` (``submission``); ``validate_uploads`` (``attachments``)
- ``post_message``, ``reply``, ``add_internal_note``, ``customer_reply``, ``note_linked_work``,
  ``add_system_note``, ``record_event`` (``messages``; events are the timeline's compact lines)
- ``transition``, ``system_transition``, ``back_to_work``, ``manual_transition_names``,
  ``check_request``, ``close_reason_problem`` (``transitions``)
- ``send_pending_reminder``, ``auto_resolve``, ``expire_wait``, ``expire_hold``, ``auto_close``
  (``timed``: what the timer sweeps do to a locked ticket)
- ``assign``, ``take``, ``check_assignee``, ``hand_back`` (``assignment``)
- ``apply_bulk``, ``BulkAction``, ``BulkResult``, ``BulkRow``, ``MAX_BULK_TICKETS`` (``bulk``: one
  action on many tickets, each through the service above in its own transaction)
- ``add_cc``, ``remove_cc`` (``ccs``: the followers copied on public replies)
- ``email_customer``, ``Attachment`` (``customer_mail``: another app's email to the customer)
- ``change_tags``, ``set_tags``, ``clean_tag_names``, ``tags_named`` (``tags``)
- ``move_to_tier``, ``move_messages`` (``moves``)
- ``merge_tickets``, ``merge_problem`` (``merging``: a duplicate joins the kept ticket)
- ``edit_ticket``, ``reclassify`` (``editing``: admin edits, through the services above; priority
  and category after submission)
- ``invite_customer``, ``set_password_path`` (``accounts``)
- ``decline_out_of_scope``, ``decline_text``, ``confirm_intake`` (``scope``: what paid support
  declines, seed 000; the customer's answer about the intake summary, seed 004)
- ``start_side_thread``, ``write_to_side_thread`` (``side_threads``: mail with partners, seed 003)
- ``add_partner_ticket``, ``clean_partner_url`` (``partners``: a partner's ticket number, 003-61)
- ``open_ticket_from_mail``, ``reply_from_mail``, ``side_thread_message``, ``add_ccs``,
  ``keep_original``, ``note_from_mail``, ``create_contact``, ``customer_with_email``,
  ``staff_with_email``, ``organization_for_domain``, ``may_write_by_mail`` (``inbound``: what
  mail received writes, for mailgate)
- ``mark_presence``, ``presence_due``, ``refuse_if_newer`` (``live``: who has a ticket page
  open, and the reply written while a newer message arrived)
- ``record_findings``, ``resolve_with_findings``, ``findings_problems``, ``Findings``
  (``findings``: the cause, the fix or a temporary workaround, a doc change, seed 004)
- ``save_view``, ``rename_view``, ``delete_view``, ``set_default_view`` (``saved_views``: the
  desk queue's views, personal or shared with a tier by a lead)
- ``edit_profile``, ``save_deep_dive``, ``add_document`` (``profiles``: an organization's profile,
  Deep Dive and documents; ``account_progress`` tells its account manager of its tickets)
"""

from ..errors import AccountExists, TransitionNotAllowed
from ._common import ReplyOutcome, add_system_note, record_event
from .accounts import invite_customer, set_password_path
from .assignment import assign, check_assignee, hand_back, take
from .attachments import validate_uploads
from .bulk import MAX_BULK_TICKETS, BulkAction, BulkResult, BulkRow, apply_bulk
from .ccs import add_cc, add_ccs, remove_cc
from .customer_mail import Attachment, email_customer
from .editing import edit_ticket, reclassify
from .findings import Findings, findings_problems, record_findings, resolve_with_findings
from .inbound import (
    create_contact,
    customer_with_email,
    keep_original,
    may_write_by_mail,
    note_from_mail,
    open_ticket_from_mail,
    organization_for_domain,
    reply_from_mail,
    side_thread_message,
    staff_with_email,
)
from .live import PRESENCE_BEAT, mark_presence, presence_due, refuse_if_newer
from .merging import merge_problem, merge_tickets
from .messages import add_internal_note, customer_reply, note_linked_work, post_message, reply
from .moves import move_messages, move_to_tier
from .partners import add_partner_ticket, clean_partner_url
from .profiles import add_document, edit_profile, save_deep_dive
from .saved_views import delete_view, rename_view, save_view, set_default_view
from .scope import (
    OUT_OF_SCOPE_TAG,
    confirm_intake,
    decline_out_of_scope,
    decline_text,
    mark_discussed,
)
from .side_threads import start_side_thread, write_to_side_thread
from .submission import submit_ticket
from .tags import TagChange, change_tags, clean_tag_names, set_tags, tags_named
from .timed import auto_close, auto_resolve, expire_hold, expire_wait, send_pending_reminder
from .transitions import (
    MAX_HOLD_DAYS,
    back_to_work,
    check_request,
    close_reason_problem,
    manual_transition_names,
    system_transition,
    transition,
)

__all__ = [
    "MAX_BULK_TICKETS",
    "MAX_HOLD_DAYS",
    "OUT_OF_SCOPE_TAG",
    "PRESENCE_BEAT",
    "AccountExists",
    "Attachment",
    "BulkAction",
    "BulkResult",
    "BulkRow",
    "Findings",
    "ReplyOutcome",
    "TagChange",
    "TransitionNotAllowed",
    "add_cc",
    "add_ccs",
    "add_document",
    "add_internal_note",
    "add_partner_ticket",
    "add_system_note",
    "apply_bulk",
    "assign",
    "auto_close",
    "auto_resolve",
    "back_to_work",
    "change_tags",
    "check_assignee",
    "check_request",
    "clean_partner_url",
    "clean_tag_names",
    "close_reason_problem",
    "confirm_intake",
    "create_contact",
    "customer_reply",
    "customer_with_email",
    "decline_out_of_scope",
    "decline_text",
    "delete_view",
    "edit_profile",
    "edit_ticket",
    "email_customer",
    "expire_hold",
    "expire_wait",
    "findings_problems",
    "hand_back",
    "invite_customer",
    "keep_original",
    "manual_transition_names",
    "mark_discussed",
    "mark_presence",
    "may_write_by_mail",
    "merge_problem",
    "merge_tickets",
    "move_messages",
    "move_to_tier",
    "note_from_mail",
    "note_linked_work",
    "open_ticket_from_mail",
    "organization_for_domain",
    "post_message",
    "presence_due",
    "reclassify",
    "record_event",
    "record_findings",
    "refuse_if_newer",
    "remove_cc",
    "rename_view",
    "reply",
    "reply_from_mail",
    "resolve_with_findings",
    "save_deep_dive",
    "save_view",
    "send_pending_reminder",
    "set_default_view",
    "set_password_path",
    "set_tags",
    "side_thread_message",
    "staff_with_email",
    "start_side_thread",
    "submit_ticket",
    "system_transition",
    "tags_named",
    "take",
    "transition",
    "validate_uploads",
    "write_to_side_thread",
]
