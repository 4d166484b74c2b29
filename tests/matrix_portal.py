"""Rows of the permission matrix for the portal URLs: name -> (method, payload, {role: status}).

See tests/test_permission_matrix.py; "*" is every role not named.
"""

LOGIN = 302  # anonymous users are sent to the sign-in page

PORTAL_ROWS = {
    "portal-tickets": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 200,
                                     "manager": 200, "*": 302}),
    "portal-new": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 200,
                                 "manager": 200, "*": 302}),
    "portal-ticket": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 404,
                                    "manager": 200, "*": 302}),
}  # fmt: skip
