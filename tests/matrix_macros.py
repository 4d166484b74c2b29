"""Rows of the permission matrix for the macros URLs (see tests/matrix_extension.py).

The world gets one macro for everyone, written by the lead (``/mx1``). Customers never reach a
macro: they are the desk's. A shared macro is edited (and deleted) by leads only.
"""

from django.urls import reverse
from django.utils import timezone

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, **CUSTOMERS}

ROWS = {
    "macro-list": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "macro-create": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    # A macro for everyone: leads (and admins) edit it; an agent is told only leads may.
    "macro-edit": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 200}),
    "macro-delete": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 302}),
    "macro-picker": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "macro-render": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "api-macro-list": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-macro-render": ("get", None, {**API_CUSTOMERS, "*": 200}),
    # No body: the macro's own text, filled in for the ticket, is sent.
    "api-macro-apply": ("post", {}, {**API_CUSTOMERS, "*": 201}),
}  # fmt: skip


def build(world: dict) -> None:
    from knowledge.macro_models import Macro, MacroScope

    now = timezone.now()
    world["macro"] = Macro.objects.create(
        name="Matrix answer",
        shortcut="mx1",
        body="Hi {{ customer.first_name }}, about #{{ ticket.number }}.",
        scope=MacroScope.EVERYONE,
        created_by=world["users"]["lead"],
        created_at=now,
        updated_at=now,
    )


def url(name: str, world: dict) -> str | None:
    if name not in ROWS:
        return None
    macro, ticket = world["macro"], world["ticket"]
    if name in {"macro-list", "macro-create", "api-macro-list"}:
        return reverse(name)
    if name in {"macro-edit", "macro-delete"}:
        return reverse(name, args=[macro.pk])
    if name == "macro-picker":
        return reverse(name, args=[ticket.pk])
    if name == "macro-render":
        return f"{reverse(name, args=[ticket.pk])}?shortcut=mx1"
    if name == "api-macro-render":
        return f"{reverse(name, args=[macro.pk])}?ticket={ticket.pk}"
    return reverse(name, args=[ticket.pk, macro.pk])  # api-macro-apply


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
