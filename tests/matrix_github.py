"""Rows of the permission matrix for the GitHub link-up (issue 16, seed 003-23/59, decision
0034; see tests/matrix_extension.py).

- "Open a GitHub issue" is the desk's: customers are refused, anonymous users sent to sign in.
  The test settings leave GitHub unconfigured, so for agents, leads and admins it is refused
  with the "how to turn it on" message (302 back to the issue; nothing written, nothing sent).
- GitHub's webhook is reachable without signing in (no CSRF token either): its credential is
  the body's HMAC signature. Unconfigured it answers 404 to everyone; configured, an unsigned
  request is 403 (tests/knownissues/test_github.py pins the signature, JSON and ignored cases).
"""

from django.urls import reverse
from django.utils import timezone

from knownissues.models import KnownIssue
from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}

ROWS = {
    "knownissues-github-open": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "github-webhook": ("post", {"action": "closed"}, {"*": 404}),
}  # fmt: skip
# The staff's 302 above is a refusal with a message: the matrix checks nothing changed.
REFUSED_WITH_A_MESSAGE = {"knownissues-github-open"}


def build(world: dict) -> None:
    now = timezone.now()
    world["github_issue"] = KnownIssue.objects.create(
        title="Fixed: exports time out",
        slug="exports-timeout",
        created_by=world["users"]["agent"],
        created_at=now,
        updated_at=now,
    )


def url(name: str, world: dict) -> str | None:
    if name == "knownissues-github-open":
        return reverse(name, args=[world["github_issue"].pk])
    if name == "github-webhook":
        return reverse(name)
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
