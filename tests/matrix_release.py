"""Rows of the permission matrix for the release flow's URL (issue 16, seed 001): ticking the
solution-testing checklist. The matrix's task is in Requirements, so a tick is refused (a
message, back to the task page) and nothing is written."""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302

ROWS = {
    "desk-task-check": ("post", {"item": "pm"},
                        {"anonymous": LOGIN, "owner": 403, "stranger": 403, "manager": 403,
                         "*": 302}),
}  # fmt: skip


def build(world: dict) -> None:
    if "task" not in world:
        from tests.factories import TaskFactory

        world["task"] = TaskFactory(ticket=world["ticket"], estimate_hours=3)


def url(name: str, world: dict) -> str | None:
    if name in ROWS:
        return reverse(name, args=[world["task"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
