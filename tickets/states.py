"""Values of the ticket fields, and the named sets the rules use."""

from django.db import models


class Status(models.TextChoices):
    OPEN = "open", "Open"
    PENDING = "pending", "Pending"
    WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on Customer"
    ON_HOLD = "on_hold", "On Hold"
    REVIEW = "review", "Review"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# Not finished: a customer reply to one of these stays on the ticket.
ACTIVE_STATUSES = frozenset(set(Status) - {Status.RESOLVED, Status.CLOSED})


class Priority(models.TextChoices):
    TOP = "top", "Top"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


# Sort order of priorities: top first.
PRIORITY_RANK = {Priority.TOP: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class Category(models.TextChoices):
    URGENT_ISSUE = "urgent_issue", "Urgent Issue"
    SERVER_ISSUE = "server_issue", "Server Issue"
    ISSUE_WITH_ERROR = "issue_with_error", "Issue, With Error"
    ISSUE_NO_ERROR = "issue_no_error", "Issue, No Error"
    QUESTION = "question", "Question"
    # Seed 002: problems in code professional services wrote for one customer, tracked (and
    # measured on the leads' dashboard) as a case type of their own.
    CUSTOM_CODE = "custom_code", "Custom Code"


CATEGORY_DEFAULT_PRIORITY = {
    Category.URGENT_ISSUE: Priority.TOP,
    Category.SERVER_ISSUE: Priority.HIGH,
    Category.ISSUE_WITH_ERROR: Priority.NORMAL,
    Category.ISSUE_NO_ERROR: Priority.NORMAL,
    Category.QUESTION: Priority.LOW,
    Category.CUSTOM_CODE: Priority.NORMAL,
}

# What the portal tells a customer about each category (seed 001): hint and first-response target.
CATEGORY_HINTS: dict[str, tuple[str, str]] = {
    Category.URGENT_ISSUE: ("Production is down or badly broken.", "1 business hour"),
    Category.SERVER_ISSUE: ("The server or hosting misbehaves.", "4 business hours"),
    Category.ISSUE_WITH_ERROR: ("Something fails and shows an error message.", "1 business day"),
    Category.ISSUE_NO_ERROR: ("Something behaves wrongly without an error.", "2 business days"),
    Category.QUESTION: ("How do I…? Discussed with you before work starts.", "3 business days"),
    Category.CUSTOM_CODE: (
        "Something in the custom code we built for you misbehaves.",
        "1 business day",
    ),
}


class MessageKind(models.TextChoices):
    PUBLIC_REPLY = "public_reply", "Public reply"
    INTERNAL_NOTE = "internal_note", "Internal note"
    CUSTOMER_REPLY = "customer_reply", "Customer reply"
    SYSTEM_NOTE = "system_note", "System note"
    EVENT = "event", "Timeline event"
    # The ticket's findings as one internal text (``TicketFindings.message``): what staff search
    # reads; the page shows the findings panel instead (``selectors.split_thread``).
    FINDINGS = "findings", "Findings"


PUBLIC_MESSAGE_KINDS = frozenset({MessageKind.PUBLIC_REPLY, MessageKind.CUSTOMER_REPLY})


class Outcome(models.TextChoices):
    """How a ticket's findings end: the real fix, or a temporary workaround."""

    FIX = "fix", "Fix"
    WORKAROUND = "workaround", "Temporary workaround"


class DocChange(models.TextChoices):
    """Whether a doc should change after the findings (knowledge opens a doc request)."""

    NONE = "none", "No doc change"
    USER = "user", "A user doc should change"
    INTERNAL = "internal", "An internal doc should change"


class FiledVia(models.TextChoices):
    """How a customer asked an agent who filed the ticket on their behalf."""

    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "Email"
    # Seed 003-54: a forum post an agent files by hand (no forum integration: decision 0033).
    FORUM = "forum", "Forum"


class Party(models.TextChoices):
    """Who had the last public word on a ticket."""

    CUSTOMER = "customer", "Customer"
    STAFF = "staff", "Staff"


# What a customer reads for each status in the portal: plain words, defined once.
CUSTOMER_STATUS_TEXT = {
    Status.OPEN: "We're working on it",
    Status.PENDING: "Waiting for your reply",
    Status.WAITING_ON_CUSTOMER: "Waiting for your reply",
    Status.ON_HOLD: "On hold for now",
    Status.REVIEW: "Solved — reply to reopen",
    Status.RESOLVED: "Solved — reply to reopen",
    Status.CLOSED: "Closed — a reply opens a new ticket",
}
# The ball is in the customer's court: the portal lists these first.
AWAITING_CUSTOMER_STATUSES = frozenset({Status.PENDING, Status.WAITING_ON_CUSTOMER})


class Language(models.TextChoices):
    """The language a ticket is written in: it picks the full-text search configuration
    (stemming, stop words) of its subject, description, intake fields and messages."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


# A ticket's language follows its tags (escalation's "Spanish" tag routes a ticket to Spanish
# speakers; the same tag makes its text searched in Spanish). Keys are lower case.
LANGUAGE_TAGS = {"spanish": Language.SPANISH}


def language_of(tag_names) -> Language:
    """The language of a ticket tagged ``tag_names`` (English unless a language tag says so)."""
    for name in tag_names:
        language = LANGUAGE_TAGS.get(str(name).lower())
        if language is not None:
            return language
    return Language.ENGLISH
