"""Rows of the permission matrix for a ticket's findings (issue 15; see tests/matrix_extension.py).

The world's ticket gets findings recorded by the agent. Customers never reach them: the desk's
form sends them away, the API answers 403 to the ticket's own customers and 404 to a stranger
(the ticket's existence is not disclosed).
"""

from tests.matrix_extension import MatrixExtension
from tickets import services

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "desk-ticket-findings": ("post", {"cause": "Cache", "fix": "Cleared"},
                             {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "api-ticket-findings": ("get", None, {"anonymous": 403, "owner": 403, "stranger": 404,
                                          "manager": 403, "*": 200}),
}  # fmt: skip


def build(world: dict) -> None:
    services.record_findings(
        world["ticket"],
        actor=world["users"]["agent"],
        findings=services.Findings(cause="A stale cache.", fix="Cleared it."),
    )


EXTENSION = MatrixExtension(rows=ROWS, build=build)
