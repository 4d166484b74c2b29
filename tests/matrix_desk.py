"""Rows of the permission matrix for the desk URLs: name -> (method, payload, {role: status}).

See tests/test_permission_matrix.py; "*" is every role not named.
"""

LOGIN = 302  # anonymous users are sent to the sign-in page

DESK_ROWS = {
    "desk-queue": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                 "manager": 403, "*": 200}),
    "desk-ticket-new": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                      "manager": 403, "*": 200}),
    "desk-customer-options": ("get", None, {"anonymous": LOGIN, "owner": 403,
                                            "stranger": 403, "manager": 403, "*": 200}),
    # An empty contact form comes back with its errors: nothing is created.
    "desk-contact-new": ("post", {}, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                      "manager": 403, "*": 400}),
    "desk-ticket": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                  "manager": 403, "*": 200}),
    # Resolve asks for the findings: the cause and the fix.
    "desk-ticket-transition": ("post", {"transition": "resolve", "expected_status": "open",
                                        "cause": "Cache", "fix": "Cleared"},
                               {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                "manager": 403, "*": 302}),
    "desk-ticket-merge": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                        "manager": 403, "*": 200}),
    "desk-ticket-take": ("post", {}, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                      "manager": 403, "*": 302}),
    "desk-ticket-assign": ("post", {"assignee": ""}, {"anonymous": LOGIN, "owner": 403,
                                                      "stranger": 403, "manager": 403, "*": 302}),
    "desk-ticket-tags": ("post", {"add": "Spanish"}, {"anonymous": LOGIN, "owner": 403,
                                                      "stranger": 403, "manager": 403, "*": 302}),
    "desk-ticket-ccs": ("post", {"action": "add", "email": "cfo@example.com"},
                        {"anonymous": LOGIN, "owner": 403, "stranger": 403, "manager": 403,
                         "*": 302}),
    # Bulk actions on the queue: a number no ticket has is refused with a message (302 back to
    # the queue), so every role leaves the world as it was.
    "desk-bulk": ("post", {"tickets": ["999999"], "action": "take"},
                  {"anonymous": LOGIN, "owner": 403, "stranger": 403, "manager": 403, "*": 302}),
    # The ticket page's live poll: without a version it answers with the fresh parts.
    "desk-ticket-live": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                       "manager": 403, "*": 200}),
}  # fmt: skip
