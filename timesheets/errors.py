"""Domain errors of the timesheets app, each with its own code (the HTTP status comes from the
``helpdesk.core.errors`` class it extends). Other refusals use the core classes as they are:
``ValidationFailed`` (400, with ``fields``), ``PermissionDenied`` (403), ``NotFound`` (404) and
``Conflict`` (409)."""

from helpdesk.core.errors import Conflict


class CallDayTaken(Conflict):
    """The agent already has a live technical call that day (at most one per agent per day)."""

    code = "call_day_taken"


class TooEarly(Conflict):
    """A call is recorded as held before it starts, or as a no-show before the wait is over."""

    code = "too_early"
