"""Values of the satisfaction survey's fields."""

from django.db import models


class Rating(models.TextChoices):
    GOOD = "good", "Good"
    NOT_GOOD = "not_good", "Not good"


class AnsweredVia(models.TextChoices):
    EMAIL = "email", "Email link"
    PORTAL = "portal", "Portal"


# A survey may be answered (by link or in the portal) this long after its ticket was resolved;
# the signed links expire with it.
ANSWER_DAYS = 30
COMMENT_MAX_LENGTH = 2000
