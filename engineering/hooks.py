"""What the task rules need to know from apps that depend on ``tickets`` (a small registry, so
dependencies keep pointing one way): ``timesheets`` registers how many minutes were logged on a
task; the rule "moving out of Development warns when no time was logged" asks here."""

from collections.abc import Callable

_minutes_logged: list[Callable[[object], int]] = []


def register_minutes_logged(provider: Callable[[object], int]) -> None:
    """``provider(task) -> minutes`` logged on the task; registered once in an AppConfig.ready."""
    if provider not in _minutes_logged:
        _minutes_logged.append(provider)


def minutes_logged(task) -> int | None:
    """Minutes logged on ``task``, or None when no app records time."""
    if not _minutes_logged:
        return None
    return sum(provider(task) for provider in _minutes_logged)
