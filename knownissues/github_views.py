"""The GitHub link-up's two doors (decision 0034): "Open a GitHub issue" on the known issue's
page (back to the page with the link or the refusal as a message, nothing changed), and GitHub's
webhook at ``/hooks/github/`` (no sign-in, no CSRF token: the HMAC signature of the body with
``GITHUB_WEBHOOK_SECRET`` is the credential)."""

import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.gates import agent_required, get_or_404

from . import selectors, services
from .services import github


@require_POST
@agent_required
def open_issue(request, number: int):
    issue = get_or_404(selectors.get_known_issue, number)
    try:
        issue = services.open_github_issue(issue, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"GitHub issue #{issue.github_issue_number} opened: {issue.bug_url}"
        )
    return redirect(github.desk_anchor(issue))


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt
@require_POST
def webhook(request):
    config = github.github_settings()
    if not config.receives_events:
        return _error(404, "github_not_configured", github.HOW_TO_ENABLE)
    header = request.headers.get("X-Hub-Signature-256")
    if not github.signature_ok(config.webhook_secret, request.body, header):
        return _error(403, "bad_signature", "X-Hub-Signature-256 does not match the body.")
    try:
        payload = json.loads(request.body or b"")
    except ValueError:
        return _error(400, "bad_json", "The body is not JSON.")
    event = request.headers.get("X-GitHub-Event", "")
    if event == "ping":
        return HttpResponse(status=204)
    outcome = services.receive_github_event(event, payload)
    if outcome == "ignored":
        return HttpResponse(status=204)
    return JsonResponse({"outcome": outcome}, status=200)
