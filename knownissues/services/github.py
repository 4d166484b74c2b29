"""The known issue's GitHub link-up (seed 003-23/59, decision 0034).

- ``open_github_issue``: an agent opens the bug on GitHub from the known issue's page. The issue
  gets the changelog-style title (``changelog.normalise``) and a body of the staff description
  plus a link back to the desk page; a title or description naming a linked ticket's customer,
  organization, e-mail or ticket number is refused (the status page's ``leaked_names``), so no
  customer data leaves the desk. The answer's ``html_url`` becomes the ``bug_url`` and its
  number the ``github_issue_number``. Already linked: refused (409). GitHub unreachable or
  refusing: refused (502), nothing written. The request is made before the row is locked (no
  lock held over the network); the write re-checks the link under the lock.
- ``receive_github_event``: GitHub's webhook (the view checks the signature with
  ``signature_ok``). An ``issues`` event ``closed`` for the configured repository and a linked
  known issue sets ``github_closed_at`` once (the bug is fixed upstream: a redelivery changes
  nothing) and tells the verifier and the leads (staff alert ``rota.handover``: the fix now
  needs a release day); ``reopened`` clears it. Anything else is ignored. ``fix_release_date``
  stays a person's decision (``schedule_fix``): closed upstream is not released.

Settings (``helpdesk/settings.py``, from the environment): ``GITHUB_API_URL``,
``GITHUB_REPOSITORY`` and ``GITHUB_TOKEN`` turn on the opening; ``GITHUB_WEBHOOK_SECRET`` the
webhook. Unset: off, and the page says how to turn it on (``HOW_TO_ENABLE``).
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import NotFound, ValidationFailed
from helpdesk.core.links import absolute_url
from helpdesk.notifications import events

from .. import policies, selectors
from ..errors import GitHubAlreadyLinked, GitHubNotConfigured, GitHubUnavailable
from ..models import KnownIssue
from . import changelog
from ._common import lock_issue, require

TIMEOUT_SECONDS = 10
HOW_TO_ENABLE = (
    "GitHub is not connected: set GITHUB_REPOSITORY (owner/name) and GITHUB_TOKEN (a token "
    "allowed to create issues) in the environment, and GITHUB_WEBHOOK_SECRET for GitHub to "
    "report closed issues back (docs/webhooks.md, GitHub)."
)


@dataclass(frozen=True)
class GitHubSettings:
    api_url: str
    repository: str
    token: str
    webhook_secret: str

    @property
    def opens_issues(self) -> bool:
        return bool(self.repository.count("/") == 1 and self.token)

    @property
    def receives_events(self) -> bool:
        return bool(self.webhook_secret)


def github_settings() -> GitHubSettings:
    return GitHubSettings(
        api_url=(settings.GITHUB_API_URL or "https://api.github.com").rstrip("/"),
        repository=settings.GITHUB_REPOSITORY.strip().strip("/"),
        token=settings.GITHUB_TOKEN,
        webhook_secret=settings.GITHUB_WEBHOOK_SECRET,
    )


def issue_title(issue: KnownIssue) -> str:
    return changelog.normalise(issue.title)


def issue_body(issue: KnownIssue) -> str:
    description = issue.description.strip() or "(No description yet.)"
    desk = absolute_url("knownissues-detail", issue.pk)
    return f"{description}\n\n---\nKnown issue {issue.tag_name} on the helpdesk: {desk}\n"


def _refuse_customer_data(issue: KnownIssue, title: str, body: str) -> None:
    leaked = selectors.leaked_names(issue, f"{title}\n{body}")
    if leaked:
        names = ", ".join(leaked)
        raise ValidationFailed(
            f"The title or description names customers or tickets of this issue ({names}): "
            "they must not leave the desk. Edit the known issue first. Nothing was sent.",
            fields={"description": [f"Remove {names}: no customer names or ticket data."]},
        )


def _post_issue(config: GitHubSettings, title: str, body: str) -> tuple[int, str]:
    url = f"{config.api_url}/repos/{config.repository}/issues"
    request = urllib.request.Request(
        url,
        data=json.dumps({"title": title, "body": body}).encode(),
        method="POST",
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {config.token}",
            "Content-Type": "application/json",
            "User-Agent": "helpdesk-known-issues",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        raise GitHubUnavailable(
            f"GitHub refused the issue (HTTP {error.code}): check GITHUB_REPOSITORY and that "
            "GITHUB_TOKEN may create issues there. Nothing was written."
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise GitHubUnavailable(
            f"GitHub could not be reached ({reason}). Try again later. Nothing was written."
        ) from None
    except ValueError:
        raise GitHubUnavailable("GitHub's answer was not JSON. Nothing was written.") from None
    number, html_url = answer.get("number"), answer.get("html_url")
    if not isinstance(number, int) or not isinstance(html_url, str) or not html_url:
        raise GitHubUnavailable("GitHub's answer had no issue number or link. Nothing written.")
    return number, html_url


def _current(issue: KnownIssue | int) -> KnownIssue:
    pk = issue.pk if isinstance(issue, KnownIssue) else issue
    try:
        return KnownIssue.objects.get(pk=pk)
    except KnownIssue.DoesNotExist:
        raise NotFound(f"Known issue {pk} was not found.") from None


def _refuse_linked(issue: KnownIssue) -> None:
    if issue.github_issue_number or issue.bug_url:
        raise GitHubAlreadyLinked(
            f"Known issue {issue.pk} already has its bug at {issue.bug_url}: "
            "no second GitHub issue was opened."
        )


def open_github_issue(issue: KnownIssue | int, actor, *, at: datetime | None = None) -> KnownIssue:
    """Open the known issue's bug on GitHub and keep its link (see the module's docstring)."""
    require(policies.may_manage(actor), "open GitHub issues")
    config = github_settings()
    if not config.opens_issues:
        raise GitHubNotConfigured(HOW_TO_ENABLE)
    issue = _current(issue)
    _refuse_linked(issue)
    title, body = issue_title(issue), issue_body(issue)
    _refuse_customer_data(issue, title, body)
    number, html_url = _post_issue(config, title, body)
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if issue.github_issue_number or issue.bug_url:
            raise GitHubAlreadyLinked(
                f"Known issue {issue.pk} was linked to {issue.bug_url} meanwhile; the GitHub "
                f"issue just opened ({html_url}) is not linked: close it on GitHub."
            )
        issue.bug_url = html_url[:500]
        issue.github_issue_number = number
        issue.updated_at = at
        issue.save(update_fields=["bug_url", "github_issue_number", "updated_at"])
    return issue


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """GitHub's ``X-Hub-Signature-256``: ``sha256=`` and the HMAC of the raw body."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.strip().encode())


def _recipients(issue: KnownIssue) -> tuple[int, ...]:
    leads = get_user_model().objects.filter(
        Q(groups__name=roles.LEADS_GROUP) | Q(pk=issue.verified_by_id), is_active=True
    )
    return tuple(sorted(set(leads.values_list("pk", flat=True))))


def _tell_fixed_upstream(issue: KnownIssue, at: datetime) -> None:
    events.publish(
        events.Event(
            name=events.Name.HANDOVER,
            at=at,
            dedupe_key=f"github-closed:{issue.pk}:{issue.github_issue_number}:{at.isoformat()}",
            title=(
                f"Known issue {issue.pk}: GitHub issue #{issue.github_issue_number} was closed "
                f"(fixed upstream). Set the fix's release day: {issue.title}"
            )[:250],
            url=absolute_url("knownissues-detail", issue.pk) + "#github",
            recipients=_recipients(issue),
            data={"known_issue": issue.pk, "reason": "github_closed"},
        )
    )


def receive_github_event(event: str, payload: Any, *, at: datetime | None = None) -> str:
    """Apply one webhook delivery: ``"recorded"``, ``"unchanged"`` or ``"ignored"``."""
    if event != "issues" or not isinstance(payload, dict):
        return "ignored"
    action = payload.get("action")
    gh_issue = payload.get("issue") or {}
    repository = (payload.get("repository") or {}).get("full_name") or ""
    number = gh_issue.get("number") if isinstance(gh_issue, dict) else None
    config = github_settings()
    if (
        action not in ("closed", "reopened")
        or not isinstance(number, int)
        or repository.lower() != config.repository.lower()
    ):
        return "ignored"
    at = at or timezone.now()
    with transaction.atomic():
        issue = KnownIssue.objects.select_for_update().filter(github_issue_number=number).first()
        if issue is None:
            return "ignored"
        if action == "closed":
            if issue.github_closed_at is not None:
                return "unchanged"
            issue.github_closed_at = at
        else:
            if issue.github_closed_at is None:
                return "unchanged"
            issue.github_closed_at = None
        issue.updated_at = at
        issue.save(update_fields=["github_closed_at", "updated_at"])
        if action == "closed":
            _tell_fixed_upstream(issue, at)
    return "recorded"


def desk_anchor(issue: KnownIssue) -> str:
    return f"{reverse('knownissues-detail', args=[issue.pk])}#github"
