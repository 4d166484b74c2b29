"""What escalation needs from apps that depend on it (a small registry, so dependencies keep
pointing one way): ``sla`` owns the business calendars and registers the answer to "is it
working hours for this tier now?", which the lead confirmation before On-Call asks (seed 003).
"""

from collections.abc import Callable
from datetime import datetime

from tickets.models import Tier

WorkingHours = Callable[[Tier, datetime], bool]
_working_hours: list[WorkingHours] = []


def register_working_hours(check: WorkingHours) -> None:
    """``check(tier, at) -> bool``: whether ``at`` is in ``tier``'s working hours; registered
    once in an AppConfig.ready. The last one registered answers."""
    if check not in _working_hours:
        _working_hours.append(check)


def in_working_hours(tier: Tier, at: datetime) -> bool:
    """Without a registered calendar nobody's hours are known: out of hours (page at once, as
    before the rule existed)."""
    return bool(_working_hours) and _working_hours[-1](tier, at)
