"""Rows of the permission matrix for the tasks URLs (see tests/matrix_extension.py).

The matrix's task hangs off the owner's ticket, in Requirements, estimated but not approved and
without billing fields: starting development is refused (409), so the rows change nothing.
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, "owner": 403, "stranger": 403, "manager": 403}
# Portal POSTs answer with a redirect back to the ticket page; agents are sent to their desk.
PORTAL = {"anonymous": LOGIN, "stranger": 404, "*": 302}

ROWS = {
    "desk-tasks": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-task-new": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-task": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-task-transition": ("post", {"transition": "start_development"},
                             {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "desk-task-approve-estimate": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "portal-task-uat": ("post", {"answer": "ok"}, PORTAL),
    "portal-task-approve-estimate": ("post", {}, PORTAL),
    "api-task-list": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-task-detail": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-task-transitions": ("post", {"transition": "start_development"},
                             {**API_CUSTOMERS, "*": 409}),
    "api-task-approve-estimate": ("post", {}, {**API_CUSTOMERS, "*": 200}),
}  # fmt: skip


def build(world: dict) -> None:
    from tests.factories import TaskFactory

    world["task"] = TaskFactory(ticket=world["ticket"], estimate_hours=3)


def url(name: str, world: dict) -> str | None:
    if name == "desk-tasks" or name == "api-task-list":
        return reverse(name)
    if name == "desk-task-new":
        return reverse(name) + f"?ticket={world['ticket'].pk}"
    if name in ROWS:
        return reverse(name, args=[world["task"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
