"""Floors: the least work that answers the same question, to compare the real views with.

- ``floor_list``: the ticket list API's filtered page (status, tier, oldest first, 50 rows, the
  same columns and joins) as one ``SELECT … LIMIT 50`` with ``.values()``: no authentication,
  no count, no serializer, no tags.
- ``floor_submit``: one ``INSERT`` of a ticket; no authentication, validation or read-back.

They exist only in ``bench.urls``; the helpdesk itself never routes to them.
"""

import json
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from tickets.models import Ticket
from tickets.states import CATEGORY_DEFAULT_PRIORITY, Category, Party

LIST_COLUMNS = (
    "id",
    "subject",
    "status",
    "category",
    "priority",
    "tier__slug",
    "assignee__username",
    "requester__username",
    "organization__name",
    "linked_from_id",
    "created_at",
    "updated_at",
    "last_word",
)


def floor_list(request):
    rows = (
        Ticket.objects.filter(
            status=request.GET.get("status", "open"), tier__slug=request.GET.get("tier", "t2")
        )
        .order_by("created_at", "id")
        .values(*LIST_COLUMNS)[:50]
    )
    return JsonResponse({"results": list(rows)})


@cache
def _submitter() -> tuple[int, int, int]:
    """(requester, organization, tier) ids, looked up once per process (before the warm-up)."""
    from tickets.models import Tier

    user = (
        get_user_model()
        .objects.select_related("customer_profile")
        .get(username=settings.BENCH_CUSTOMER)
    )
    tier = Tier.objects.order_by("level").values_list("pk", flat=True)[0]
    return user.pk, user.customer_profile.organization_id, tier


@csrf_exempt
def floor_submit(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = json.loads(request.body or b"{}")
    requester_id, organization_id, tier_id = _submitter()
    category = Category(data.get("category", Category.QUESTION))
    now = timezone.now()
    ticket = Ticket.objects.create(
        subject=data.get("subject", ""),
        description=data.get("description", ""),
        category=category,
        priority=CATEGORY_DEFAULT_PRIORITY[category],
        requester_id=requester_id,
        organization_id=organization_id,
        tier_id=tier_id,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        last_customer_activity_at=now,
        last_word=Party.CUSTOMER,
    )
    return JsonResponse({"number": ticket.pk}, status=201)
