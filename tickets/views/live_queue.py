"""The desk queue's live poll (docs/decisions/0013-live-updates.md): the page asks its own URL
again every 10 seconds, with its filters and ``since``, the instant its results reflect. One
probe of the ``updated_at`` index answers "did any ticket change since?": 204 when none did;
else the queue renders its results as for any htmx swap (fresh counts), and the page marks the
rows changed or new since (their "Last activity" and "Age" times)."""

from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

from .. import selectors


def unchanged(request) -> HttpResponse | None:
    """204 when the query's ``since`` is given and no ticket changed after it; else None (the
    queue renders). Notes the instant the rendered answer reflects for ``stamp``."""
    request.live_since = timezone.now()
    raw = request.GET.get("since")
    if not raw:
        return None
    try:
        since = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if timezone.is_naive(since) or selectors.any_ticket_changed_since(since):
        return None
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def stamp(request, response: HttpResponse) -> HttpResponse:
    """The instant the queue's answer reflects: the page's next ``since``."""
    response["X-Live-Since"] = request.live_since.isoformat()
    return response
