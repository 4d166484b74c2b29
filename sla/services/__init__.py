"""Every write of the SLA app.

- ``sync_ticket_clocks``: start, pause, resume and stop a ticket's clocks (``clocks``)
- ``start_first_response``, ``stop_first_response``, ``retarget_first_response``: a ticket's
  first-response clock, by its category's target (``first_response``)
- ``refresh_dashboard_snapshot``: the leads' dashboard figures (``dashboard``)
- ``check_t4_green``: T4 below its Green target by COB Tuesday emails the leads (``weekly_green``)

The colour sweep (``sla.sweeps``) turns due clocks Yellow and Red in bulk.
"""

from .clocks import sync_ticket_clocks
from .dashboard import refresh_dashboard_snapshot
from .first_response import retarget_first_response, start_first_response, stop_first_response
from .weekly_green import check_t4_green

__all__ = [
    "check_t4_green",
    "refresh_dashboard_snapshot",
    "retarget_first_response",
    "start_first_response",
    "stop_first_response",
    "sync_ticket_clocks",
]
