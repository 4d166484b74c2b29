"""Rows of the permission matrix for the notification centre and the agent's profile (see
tests/matrix_extension.py). The world holds one notification of the agent: only the agent may
mark it read (anyone else: 404, as if it did not exist); customers get 403, anonymous users the
sign-in page."""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "notifications-list": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "notifications-read": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "agent": 302,
                                        "*": 404}),
    "notifications-read-all": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "notifications-profile": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
}  # fmt: skip


def build(world: dict) -> None:
    from tests.factories_staff import InAppNotificationFactory

    world["inapp"] = InAppNotificationFactory(user=world["users"]["agent"])


def url(name: str, world: dict) -> str | None:
    if name == "notifications-read":
        return reverse(name, args=[world["inapp"].pk])
    if name in ROWS:
        return reverse(name)
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
