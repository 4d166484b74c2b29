"""The running timer in the desk header, on every desk page (``base.html`` for agents).

Registered in ``settings.TEMPLATES``; ``tickets`` never imports ``timesheets``. The timer is
read lazily, when a page renders the header: one indexed query for an agent's full page, none
for htmx partials, customers or visitors.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from helpdesk.core import roles

from . import selectors
from .display import clock


@dataclass(frozen=True)
class HeaderTimer:
    ticket_id: int
    task_id: int | None
    activity: str
    started_at: datetime
    elapsed_seconds: int

    @property
    def elapsed(self) -> str:
        """``0:12``: hours and minutes, as the header shows it (static/js/header_timer.js moves
        it on each minute)."""
        return clock(self.elapsed_seconds // 60)

    @property
    def elapsed_minutes(self) -> int:
        return self.elapsed_seconds // 60


def header_timer_of(timer) -> HeaderTimer | None:
    """What the header shows of a running timer (``None``: nothing runs). The time panels use
    it too, to refresh the header when one of their buttons starts or stops the timer."""
    if timer is None or timer.ticket_id is None:
        return None
    seconds = int((timezone.now() - timer.started_at).total_seconds())
    return HeaderTimer(
        ticket_id=timer.ticket_id,
        task_id=timer.task_id,
        activity=timer.get_activity_display().lower(),
        started_at=timer.started_at,
        elapsed_seconds=max(seconds, 0),
    )


def running_timer(request):
    user = getattr(request, "user", None)
    if user is None or not roles.is_agent(user):
        return {}
    return {"header_timer": SimpleLazyObject(lambda: header_timer_of(selectors.header_timer(user)))}
