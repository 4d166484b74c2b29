"""Every write of the SLA app.

- ``sync_ticket_clocks``: start, pause, resume and stop a ticket's clocks (``clocks``)
- ``refresh_dashboard_snapshot``: the leads' dashboard figures (``dashboard``)

The colour sweep (``sla.sweeps``) turns due clocks Yellow and Red in bulk.
"""

from .clocks import sync_ticket_clocks
from .dashboard import refresh_dashboard_snapshot

__all__ = ["refresh_dashboard_snapshot", "sync_ticket_clocks"]
