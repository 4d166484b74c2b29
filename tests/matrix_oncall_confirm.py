"""Rows of the permission matrix for a lead's confirmation of an escalation to On-Call held in
working hours (issue 16, seed 003-09; see tests/matrix_extension.py).

The world's ticket (in Triage) has an escalation to On-Call waiting for a lead, asked by the
agent. Every agent sees what waits; only leads (and admins) confirm or decline it.
"""

from django.utils import timezone

from escalation.models import OnCallRequest
from tests.matrix_extension import MatrixExtension
from tickets.models import Tier

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "desk-oncall-request": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-oncall-confirm": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "agent": 403,
                                         "*": 302}),
    "desk-oncall-decline": ("post", {"reason": "One customer only: Triage takes it."},
                            {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 302}),
}  # fmt: skip


def build(world: dict) -> None:
    ticket = world["ticket"]
    OnCallRequest.objects.create(
        ticket=ticket,
        from_tier=ticket.tier,
        to_tier=Tier.objects.get(code="ONCALL"),
        requested_by=world["users"]["agent"],
        requested_at=timezone.now(),
        questions=["Is the whole site down?"],
    )


EXTENSION = MatrixExtension(rows=ROWS, build=build)
