"""Every write on time. Each service is one transaction with its permission check and row
locks (the agent's row for timers and calls, the packs for billable time, the row it changes);
``save_pack`` leaves the permission to the admin, which configures packs.

- ``log_time``, ``update_entry``, ``delete_entry`` (``entries``)
- ``start_timer``, ``stop_timer``, ``discard_timer`` (``timers``)
- ``save_pack`` and the draw-down of billable time with its 80% / 100% emails (``packs``)
- ``schedule_call``, ``cancel_call``, ``call_held``, ``customer_no_show`` and the no-show wait
  ``no_show_allowed_at`` (``calls``); the invitation and summary emails and ``call_slots``
  (``call_mail``)
- ``add_follow_up``, ``complete_follow_up`` (``follow_ups``)
"""

from .call_mail import slots_of as call_slots
from .calls import call_held, cancel_call, customer_no_show, no_show_allowed_at, schedule_call
from .entries import delete_entry, log_time, update_entry
from .follow_ups import add_follow_up, complete_follow_up
from .packs import save_pack
from .timers import discard_timer, start_timer, stop_timer

__all__ = [
    "add_follow_up",
    "call_held",
    "call_slots",
    "cancel_call",
    "complete_follow_up",
    "customer_no_show",
    "delete_entry",
    "discard_timer",
    "log_time",
    "no_show_allowed_at",
    "save_pack",
    "schedule_call",
    "start_timer",
    "stop_timer",
    "update_entry",
]
