"""The leads' dashboard figures, computed once for everybody."""

from datetime import datetime

from django.utils import timezone

from .. import selectors
from ..models import DashboardSnapshot


def refresh_dashboard_snapshot(now: datetime | None = None) -> DashboardSnapshot:
    """Compute the leads' dashboard figures once for everybody (the colour sweep calls this)."""
    now = now or timezone.now()
    snapshot, _ = DashboardSnapshot.objects.update_or_create(
        pk=1, defaults={"computed_at": now, "data": selectors.summary(now)}
    )
    return snapshot
