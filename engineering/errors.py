"""The engineering app's domain errors. A refused stage move is the shared
``helpdesk.core.fsm.TransitionNotAllowed`` (409, ``current_stage``, ``allowed_transitions``);
the other refusals are the core errors (``ValidationFailed``, ``NotFound``, ``Conflict``) with the
task's words."""

from helpdesk.core.fsm import TransitionNotAllowed

__all__ = ["TransitionNotAllowed"]
