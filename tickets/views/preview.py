"""The Markdown preview of any text box that takes Markdown (portal and desk)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from helpdesk.core.markdown import render_markdown

# The names of the fields a preview may be asked for: the first one posted is rendered, so a
# button can send its text box with ``hx-include`` and ``hx-params`` unchanged.
PREVIEW_FIELDS = ("text", "description", "body")
MAX_PREVIEW_CHARS = 100_000


@login_required
@require_POST
def markdown_preview(request):
    """Return the sanitized HTML of the posted Markdown, as a fragment for htmx to swap in."""
    text = next((request.POST[name] for name in PREVIEW_FIELDS if name in request.POST), "")
    too_long = len(text) > MAX_PREVIEW_CHARS
    html = "" if too_long or not text.strip() else render_markdown(text)
    return render(
        request,
        "portal/markdown_preview.html",
        {"html": html, "too_long": too_long, "limit": MAX_PREVIEW_CHARS},
    )
