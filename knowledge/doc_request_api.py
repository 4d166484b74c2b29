"""The doc requests' API, read-only and for staff: ``GET /api/kb/doc-requests/?status=open``,
the leads' queue with each request's tickets (number, subject, why). Customers and anonymous
callers get 403 (the queue's existence is no secret; its contents are staff-only)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from helpdesk.core.errors import ValidationFailed

from . import policies, selectors
from .models import DocRequest, DocRequestTicket
from .states import DocRequestStatus


class IsStaff(BasePermission):
    message = "Doc requests are for staff."

    def has_permission(self, request, view) -> bool:
        return policies.may_see_doc_requests(request.user)


class AskedByOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    subject = serializers.CharField(source="ticket.subject")

    class Meta:
        model = DocRequestTicket
        fields = ["ticket", "subject", "why", "at"]


class DocRequestOut(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", allow_null=True)
    tickets = AskedByOut(source="asked_by", many=True)

    class Meta:
        model = DocRequest
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "source",
            "note",
            "article",
            "decline_reason",
            "created_at",
            "closed_at",
            "tickets",
        ]


class DocRequestListView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=DocRequestStatus.values, description="Open first."
            )
        ],
        responses=DocRequestOut(many=True),
    )
    def get(self, request):
        status = request.query_params.get("status") or DocRequestStatus.OPEN
        if status not in DocRequestStatus.values:
            message = f"Choose one of: {', '.join(DocRequestStatus.values)}."
            raise ValidationFailed(f"Unknown status {status!r}.", fields={"status": [message]})
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.doc_requests(status), request, view=self)
        return paginator.get_paginated_response(DocRequestOut(page, many=True).data)
