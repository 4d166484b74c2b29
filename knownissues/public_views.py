"""The public status page, ``status.json`` and the Atom feed.

No sign-in and nothing about the visitor: these views never read ``request.user`` or the
session and render without the request's context processors, so no cookie is set, no
``Vary: Cookie`` is added, and any cache may keep the answer for STATUS_CACHE_SECONDS.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.views.decorators.http import require_safe

from . import status
from .feeds import StatusFeed


def _public(request, response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.STATUS_CACHE_SECONDS)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_safe
def status_page(request):
    snapshot = status.status_snapshot()
    context = {
        "snapshot": snapshot,
        "page_title": settings.STATUS_PAGE_TITLE,
        "cache_seconds": settings.STATUS_CACHE_SECONDS,
    }
    return _public(request, HttpResponse(render_to_string("knownissues/status.html", context)))


@require_safe
def status_json(request):
    response = JsonResponse(status.status_snapshot().as_json())
    return _public(request, response)


_feed = StatusFeed()


@require_safe
def status_feed(request):
    return _public(request, _feed(request))
