"""Rows of the permission matrix for "Out of scope" (seed 000) and the portal's intake
confirmation (seed 004); see tests/matrix_extension.py.

Out of scope is staff only: customers are refused on the desk (403) and by the API (403 to the
ticket's own customers, 404 to a stranger). The intake answer is the ticket's customers': the
owner and their organization's manager are sent back to the ticket with a thank-you (302), a
stranger gets 404, staff are sent away from the portal (302).
"""

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "desk-ticket-out-of-scope": ("post", {"reason": "training"},
                                 {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "api-ticket-out-of-scope": ("post", {"reason": "training"},
                                {"anonymous": 403, "owner": 403, "stranger": 404,
                                 "manager": 403, "*": 200}),
    # The world's ticket is not a Question: staff are told so (302 with a message).
    "desk-ticket-discussed": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "portal-ticket-intake-confirm": ("post", {"answer": "yes"},
                                     {"anonymous": LOGIN, "owner": 302, "stranger": 404,
                                      "manager": 302, "*": 302}),
}  # fmt: skip

EXTENSION = MatrixExtension(rows=ROWS)
