"""Rows of the permission matrix for issue 16's remaining rows (decision 0033): the watchers of
a ticket (seed 003-55), partner contacts and partner ticket references (003-60, 003-61), and
telling a known issue's affected customers (003-74).

Everything here is internal: customers are refused (403, or 404 for a ticket they cannot see)
and anonymous users sent to sign in. Staff refusals (a customer named as a watcher, nobody to
remove, an empty form) leave the world as it was.
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, "owner": 403, "stranger": 404, "manager": 403}

ROWS = {
    # A customer named as a watcher: refused with a message on the ticket page (302).
    "desk-watcher-add": ("post", {"watcher": "owner"}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # Nobody of that name watches: nothing removed, said on the ticket page (302).
    "desk-watcher-remove": (
        "post",
        {"watcher": "nobody"},
        {"anonymous": LOGIN, **CUSTOMERS, "*": 302},
    ),
    "desk-partners": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    # An empty form: refused with a message on the ticket page (302), nothing recorded.
    "desk-partner-ticket-add": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # Leads only; an empty message is refused (400), nobody told.
    "knownissues-notify-affected": (
        "post",
        {"message": ""},
        {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 400},
    ),
    "api-ticket-watchers": ("get", None, {**API_CUSTOMERS, "*": 200}),
    # The agent does not watch the ticket: 404 for staff, nothing written.
    "api-ticket-watcher": ("delete", None, {**API_CUSTOMERS, "*": 404}),
}
REFUSED_WITH_A_MESSAGE = {"desk-watcher-add", "desk-watcher-remove", "desk-partner-ticket-add"}


def build(world: dict) -> None:
    return None


def url(name: str, world: dict) -> str | None:
    if name == "api-ticket-watcher":
        return reverse(name, args=[world["ticket"].pk, "agent"])
    if name == "knownissues-notify-affected":  # the known issue of tests/matrix_knownissues.py
        return reverse(name, args=[world["known_issue"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
