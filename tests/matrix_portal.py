"""Rows of the permission matrix for the portal URLs: name -> (method, payload, {role: status}).

Also the account pages (/accounts/…), the desk's invite page and the Markdown preview, which the
portal engineer owns. See tests/test_permission_matrix.py; "*" is every role not named.
"""

LOGIN = 302  # anonymous users are sent to the sign-in page

PORTAL_ROWS = {
    "portal-tickets": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 200,
                                     "manager": 200, "*": 302}),
    "portal-new": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 200,
                                 "manager": 200, "*": 302}),
    "portal-ticket": ("get", None, {"anonymous": LOGIN, "owner": 200, "stranger": 404,
                                    "manager": 200, "*": 302}),
    # Anyone may ask for a reset link or open one; a bad link shows "This link no longer works".
    "password_reset": ("get", None, {"*": 200}),
    "password_reset_done": ("get", None, {"*": 200}),
    "password_reset_confirm": ("get", None, {"*": 200}),
    "invitation-set-password": ("get", None, {"*": 200}),
    "password_reset_complete": ("get", None, {"*": 200}),
    "customer-invite": ("get", None, {"anonymous": LOGIN, "owner": 403, "stranger": 403,
                                      "manager": 403, "*": 200}),
    "markdown-preview": ("post", {"text": "**hi**"}, {"anonymous": LOGIN, "*": 200}),
}  # fmt: skip

# URLs that take other arguments than a ticket number: name -> reverse() kwargs.
PORTAL_URL_KWARGS = {
    "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-valid-token"},
    "invitation-set-password": {"uidb64": "MQ", "token": "not-a-valid-token"},
}
