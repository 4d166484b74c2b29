"""Values of the timesheet fields (seeds 000, 004)."""

from django.db import models


class Activity(models.TextChoices):
    RESEARCH = "research", "Research"
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    SAMPLE_CODE = "sample_code", "Sample code"
    MEETING = "meeting", "Meeting"
    FOLLOW_UP = "follow_up", "Follow-up"
    SELF_LEARNING = "self_learning", "Self-learning (internal, never billable)"


# Self-learning goes to the internal, non-billable bucket (seed 000's "PSUS - Misc.").
NEVER_BILLABLE = frozenset({Activity.SELF_LEARNING})


class CallStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "Customer did not show"
    CANCELED = "canceled", "Canceled"
