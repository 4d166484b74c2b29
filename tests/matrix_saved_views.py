"""Rows of the permission matrix for the desk queue's saved views (issue 14).

The world gets a view the lead shared with T1. Customers are refused (403) and anonymous users
sent to sign in. Saving with an empty form is refused with the form's errors (400) for every
agent; renaming, deleting and choosing the default of a shared view is a lead's (an agent gets
403 with the reason on the queue page; a lead or an admin is sent back to the queue, 302).
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension
from tickets import services
from tickets.models import Tier

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
LEADS_ONLY = {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 302}

ROWS = {
    "desk-view-save": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 400}),
    "desk-view-rename": ("post", {"name": "Urgent, T1"}, LEADS_ONLY),
    "desk-view-delete": ("post", {}, LEADS_ONLY),
    "desk-view-default": ("post", {"default": "1"}, LEADS_ONLY),
}


def build(world: dict) -> None:
    world["saved_view"] = services.save_view(
        actor=world["users"]["lead"],
        name="Urgent, unassigned",
        query="tier=t1&assignee=none&priority=top",
        tier=Tier.objects.get(slug="t1"),
    )


def url(name: str, world: dict) -> str | None:
    if name in ROWS and name != "desk-view-save":
        return reverse(name, args=[world["saved_view"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
