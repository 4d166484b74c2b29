"""Values of the escalation fields and the tag names the rules use (seed 003)."""

from django.db import models


class CommentRule(models.TextChoices):
    """When an agent of a tier must send the customer a public transition comment on escalating."""

    NEVER = "never", "Not required"
    IF_CUSTOMER_LAST = "customer_last", "When the customer had the last word"
    ALWAYS = "always", "Always"


class Direction(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"


class DownOutcome(models.TextChoices):
    """What an escalation down hands back to the lower tier."""

    ANSWERED = "answered", "Answer sent to the customer"
    MISSED_DOC = "missed_doc", "Missed Doc Review (a doc answers it)"
    KNOWN_ISSUE = "known_issue", "Known issue"


class AlertState(models.TextChoices):
    """An On-Call ticket's acknowledgement chain."""

    WAITING = "waiting", "Waiting for acknowledgement"
    PAGED = "paged", "On-call paged"
    CONTACTED = "contacted", "Contact list notified"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CANCELED = "canceled", "Canceled"


# Acknowledge stops the chain from any of these.
OPEN_ALERT_STATES = frozenset({AlertState.WAITING, AlertState.PAGED, AlertState.CONTACTED})


class RequestState(models.TextChoices):
    """An escalation to On-Call held for a lead's confirmation (in working hours)."""

    AWAITING = "awaiting", "Awaiting a lead's confirmation"
    CONFIRMED = "confirmed", "Confirmed: paged"
    DECLINED = "declined", "Declined"
    CANCELED = "canceled", "Canceled"


class PageStep(models.TextChoices):
    NEW = "new", "New On-Call ticket"
    PAGE = "page", "Page (not acknowledged in time)"
    CONTACTS = "contacts", "Contact list (page not answered)"


class WebhookStatus(models.TextChoices):
    NONE = "none", "No webhook"
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


# Tag names (tickets.Tag matches them case-blind).
PROCESS_TWEAK = "Process Tweak"
MISSED_DOC_REVIEW = "Missed Doc Review"
PROPOSED_USER_DOC = "Proposed User Doc"
PROPOSED_INTERNAL_DOC = "Proposed Internal Doc"
PROPOSED_DOC_TAGS = (PROPOSED_USER_DOC, PROPOSED_INTERNAL_DOC)
SPANISH = "Spanish"
# Escalations that added one of these appear on the leads' weekly review.
REVIEW_TAGS = frozenset({PROCESS_TWEAK, MISSED_DOC_REVIEW})

# The one-click T3 morning-check message to the customer.
STILL_LOOKING_MESSAGE = (
    "We're still looking into this. Our engineers are working on it, and we'll write again as "
    "soon as we know more. There is nothing you need to do in the meantime."
)


# Seed 003, "Sending to Engagement": the situations that send a ticket to Engagement, offered as
# reasons on the send-to-team form (key: the words the reason starts with).
ENGAGEMENT_TEAM = "engagement"
ENGAGEMENT_TRIGGERS = {
    "explained_twice": "We explained it twice and they still aren't getting it",
    "bad_news": "Unusually bad news, best given in a friendly call",
    "complex": "A complicated question that needs details they find hard to explain",
    "sales": "A sales opportunity (a ProService, a new account…)",
    "prospect": "A potential new client who has not signed up (send the free-trial macro too)",
    "churn": "They mention or threaten closing their account",
    "invoice": "Pushback on an invoice that one email did not resolve",
    "security": "A level 3 security issue",
}
