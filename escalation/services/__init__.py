"""Every write of the escalation app. Each is one transaction that locks the ticket, checks the
actor, and writes ticket fields only through ``tickets.services``.

- ``escalate_up`` / ``escalate_down``: structured transition comments (``escalate``)
- ``split``, ``send_to_team``, ``notify_product``, ``take_next`` (``routing``)
- ``acknowledge``, ``page_now`` and the sweeps' ``page`` / ``notify_contact_list`` (``oncall``)
- ``confirm_on_call``, ``decline_on_call``: a lead decides an escalation to On-Call held in
  working hours (``confirm``, ``lead_check``)
- ``mark_reviewed``, ``send_still_looking`` (``reviews``)
- ``add_watcher``, ``remove_watcher``, ``follow_mentioned`` (``watchers``: seed 003-55)
- ``add_rota_shift``, ``clean_shift``, ``nudge_previous_t3`` (``rota``: Triage and T3 rotas)
- ``set_topics``, ``clean_topics`` (``experts``: seed 000's Experts list)
- ``remind_progress_updates`` (``progress``: seed 004-04, run by a periodic task)
"""

from .confirm import confirm as confirm_on_call
from .confirm import decline as decline_on_call
from .escalate import escalate_down, escalate_up
from .experts import clean_topics, set_topics
from .oncall import acknowledge, notify_contact_list, page, page_now
from .progress import remind_progress_updates
from .reviews import mark_reviewed, send_still_looking
from .rota import add_rota_shift, clean_shift, nudge_previous_t3
from .routing import notify_product, send_to_team, split, take_next
from .triage import Routed, route
from .watchers import add_watcher, follow_mentioned, remove_watcher

__all__ = [
    "Routed",
    "acknowledge",
    "add_rota_shift",
    "add_watcher",
    "clean_shift",
    "clean_topics",
    "confirm_on_call",
    "decline_on_call",
    "escalate_down",
    "escalate_up",
    "follow_mentioned",
    "mark_reviewed",
    "notify_contact_list",
    "notify_product",
    "nudge_previous_t3",
    "page",
    "page_now",
    "remind_progress_updates",
    "remove_watcher",
    "route",
    "send_still_looking",
    "send_to_team",
    "set_topics",
    "split",
    "take_next",
]
