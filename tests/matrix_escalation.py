"""Rows of the permission matrix for the escalation URLs (see tests/test_permission_matrix.py).

The matrix's ticket sits in Triage, Open, with the customer's reply as the last word.
"""

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, "owner": 403, "stranger": 404, "manager": 403}

ESCALATION_ROWS = {
    # Leads only; no escalation has the ticket's number as its id, so a lead's POST is a 404.
    "escalation-review": ("get", None, {"anonymous": LOGIN, "lead": 200, "admin": 200, "*": 403}),
    "escalation-review-mark": ("post", {}, {"anonymous": LOGIN, "lead": 404, "admin": 404,
                                            "*": 403}),
    "escalation-morning": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-teams": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-experts": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "desk-team": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    # Not silent for 2 business days: refused with a message, back to the morning check.
    "escalation-still-looking": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "desk-escalate": ("post", {"target_tier": "T1", "questions": "Why?", "expected_tier": "TRIAGE",
                               "customer_message": "We are escalating."},
                      {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # Nothing is below Triage: the form comes back with its error.
    "desk-escalate-down": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 400}),
    "desk-split": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    # Triage and leads route; the matrix's agent is in no tier.
    "desk-route": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "agent": 403, "*": 200}),
    "desk-send-to-team": ("post", {"team": "engagement", "reason": "Account at risk."},
                          {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "desk-notify-product": ("post", {"note": "Feedback."},
                            {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # No alert to acknowledge or page: refused with a message, back to the dialog.
    "desk-acknowledge": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "desk-page-now": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "api-ticket-escalate": ("post", {"target_tier": "T1", "questions": ["Why?"],
                                     "customer_message": "We are escalating."},
                            {**API_CUSTOMERS, "*": 201}),
    "api-ticket-escalate-down": ("post", {"outcome": "answered", "answer": "Done."},
                                 {**API_CUSTOMERS, "*": 400}),
    "api-ticket-escalations": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-ticket-split": ("post", {"messages": [], "subject": "Other question"},
                         {**API_CUSTOMERS, "*": 400}),
    "api-ticket-send-to-team": ("post", {"team": "engagement", "reason": "Account at risk."},
                                {**API_CUSTOMERS, "*": 200}),
    "api-ticket-route": ("post", {"priority": "high"}, {**API_CUSTOMERS, "agent": 403, "*": 200}),
    "api-ticket-notify-product": ("post", {"note": "Feedback."}, {**API_CUSTOMERS, "*": 200}),
    "api-ticket-acknowledge": ("post", {}, {**API_CUSTOMERS, "*": 409}),
}  # fmt: skip
