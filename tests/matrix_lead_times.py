"""Rows of the permission matrix for issue 16's task URLs: templates and duplicating a task
(see tests/matrix_extension.py). The task is the one tests/matrix_tasks.py builds; duplicating
it succeeds for staff (a new task on the same ticket) and is refused to everyone else."""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, "owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "desk-task-duplicate": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "api-task-duplicate": ("post", {}, {**API_CUSTOMERS, "*": 201}),
    "api-task-templates": ("get", None, {**API_CUSTOMERS, "*": 200}),
}  # fmt: skip


def url(name: str, world: dict) -> str | None:
    if name == "api-task-templates":
        return reverse(name)
    if name in ROWS:
        return reverse(name, args=[world["task"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, url=url)
