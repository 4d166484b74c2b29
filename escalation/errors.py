"""The escalation app's domain errors, on top of ``helpdesk.core.errors`` (mapped once to JSON
and to form messages). Each keeps its parent's code and HTTP status, so the API answers as it
did; the class names the refusal for the callers that tell them apart."""

from helpdesk.core.errors import Conflict, ValidationFailed


class UnknownTier(ValidationFailed):
    """No tier has this code or slug (400)."""


class TicketNotActive(Conflict):
    """The ticket is resolved or closed: reopen it before escalating or writing (409)."""


class TierChanged(Conflict):
    """The ticket moved to another tier while the agent was looking at it (409)."""


class NoOpenAlert(Conflict):
    """The ticket has no On-Call alert waiting to be acknowledged or paged (409)."""


class NotSilentYet(Conflict):
    """The customer heard from staff within the morning check's business days (409)."""


class AlreadyAwaitingLead(Conflict):
    """The ticket's escalation to On-Call already waits for a lead's confirmation (409)."""


class NoAwaitingRequest(Conflict):
    """No escalation to On-Call waits for a lead: another lead decided it already (409)."""
