"""The engineering app's domain errors, on top of ``helpdesk.core.errors`` (mapped once to JSON
and to form messages)."""

from helpdesk.core.errors import Conflict


class TaskTransitionRefused(Conflict):
    """A stage move that is not allowed now (409); the message is the guard's own sentence."""

    code = "transition_not_allowed"
