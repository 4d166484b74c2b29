"""Rows of the permission matrix for the SLA URLs (see tests/test_permission_matrix.py)."""

LOGIN = 302

SLA_ROWS = {
    "sla-dashboard": ("get", None, {"anonymous": LOGIN, "lead": 200, "admin": 200, "*": 403}),
    "api-sla-summary": ("get", None, {"lead": 200, "admin": 200, "*": 403}),
}
