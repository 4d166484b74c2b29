"""Values of the engineering task fields (seeds 000, 001), and the named sets the rules use."""

from django.db import models


class Stage(models.TextChoices):
    REQUIREMENTS = "requirements", "Requirements"
    DEVELOPMENT = "development", "Development"
    UAT = "uat", "UAT"
    MTP = "mtp", "MTP"  # Move to production: the organization's UAT OK waits for a lead's release
    DONE = "done", "Done"
    CANCELED = "canceled", "Canceled"


OPEN_STAGES = frozenset({Stage.REQUIREMENTS, Stage.DEVELOPMENT, Stage.UAT, Stage.MTP})
FINISHED_STAGES = frozenset({Stage.DONE, Stage.CANCELED})

# The customer's UAT answers (the customer, or a consultant relaying them).
UAT_ANSWERS = frozenset({"accept_uat", "accept_uat_to_mtp", "reject_uat"})


class CardColour(models.TextChoices):
    REGULAR = "regular", "Regular (yellow)"
    PRIORITY = "priority", "Priority (blue)"
    CHANGE_REQUEST = "change_request", "Change request (purple)"


class KanbanState(models.TextChoices):
    READY = "ready", "Ready (green)"
    UNAPPROVED = "unapproved", "Unapproved (grey)"
    BLOCKED = "blocked", "Blocked (red)"


class CanceledBy(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    CONSULTANT = "consultant", "Consultant"
    STAFF = "staff", "Staff (process leader)"


# Only a customer's or consultant's cancellation may be undone (seed 000).
REVIVABLE_CANCELLATIONS = frozenset({CanceledBy.CUSTOMER, CanceledBy.CONSULTANT})

# The task tags of seed 000; they live in the shared Tag table.
TASK_TAGS = ("PS Support", "Technical Call", "Technical Email", "Spanish", "Change Request")
