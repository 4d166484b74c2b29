"""The public status page, ``status.json`` and the Atom feed.

No sign-in and nothing about the visitor: these views never read ``request.user`` or the
session and render without the request's context processors, so no cookie is set, no
``Vary: Cookie`` is added, and any cache may keep the answer for STATUS_CACHE_SECONDS. The ETag
is the fingerprint of what the public sees, so a revalidation gets a 304 until it changes.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from . import selectors
from .feeds import StatusFeed
from .selectors import Snapshot

_feed = StatusFeed()


def _public(request, representation: str, build: Callable[[Snapshot], HttpResponse]):
    snapshot = selectors.status_snapshot()
    etag = f'"{snapshot.fingerprint()}-{representation}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = build(snapshot)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.STATUS_CACHE_SECONDS)
    return response


def _page(snapshot: Snapshot) -> HttpResponse:
    context = {
        "snapshot": snapshot,
        "page_title": settings.STATUS_PAGE_TITLE,
        "cache_seconds": settings.STATUS_CACHE_SECONDS,
    }
    return HttpResponse(render_to_string("knownissues/status.html", context))


@require_safe
def status_page(request):
    return _public(request, "html", _page)


@require_safe
def status_json(request):
    return _public(request, "json", lambda snapshot: JsonResponse(snapshot.as_json()))


@require_safe
def status_feed(request):
    def feed(snapshot: Snapshot) -> HttpResponse:
        request.status_snapshot = snapshot
        return _feed(request)

    return _public(request, "atom", feed)
