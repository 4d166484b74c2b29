"""Rows of the permission matrix for the side threads of the desk (issue 13, seed 003).

The world gets a side thread on the matrix's ticket. Side threads are internal: customers are
refused (403) and anonymous users sent to sign in; staff posting an empty form get the page
again with the form's errors (400), so every role's refusal leaves the world as it was.
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension
from tickets import services

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "desk-side-thread-start": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 400}),
    "desk-side-thread-write": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 400}),
}


def build(world: dict) -> None:
    world["side_thread"] = services.start_side_thread(
        world["ticket"],
        actor=world["users"]["agent"],
        to=["ops@partner.example"],
        subject="Channel sync",
        body="Please check booking 4411.",
    )


def url(name: str, world: dict) -> str | None:
    if name == "desk-side-thread-write":
        return reverse(name, args=[world["ticket"].pk, world["side_thread"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
