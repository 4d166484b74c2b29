"""The API of a ticket's findings (staff only): read them, record or change them.

``PUT /api/tickets/<number>/findings/`` records the findings as the desk's Edit does; it does not
resolve the ticket (``POST .../transitions/`` does, with or without findings)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.errors import NotFound, PermissionDenied

from .. import policies, selectors, services
from ..models import TicketFindings
from ..models.findings import DOC_NOTE_MAX_LENGTH
from ..states import DocChange, Outcome


class FindingsOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    author = serializers.CharField(source="author.username")

    class Meta:
        model = TicketFindings
        fields = [
            "ticket",
            "cause",
            "tried",
            "fix",
            "outcome",
            "doc_change",
            "doc_note",
            "customer_summary",
            "workaround_active",
            "workaround_since",
            "author",
            "recorded_at",
            "updated_at",
        ]


class FindingsIn(serializers.Serializer):
    cause = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    tried = serializers.CharField(required=False, allow_blank=True)
    fix = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.FIX)
    doc_change = serializers.ChoiceField(choices=DocChange.choices, default=DocChange.NONE)
    doc_note = serializers.CharField(
        required=False, allow_blank=True, max_length=DOC_NOTE_MAX_LENGTH
    )
    customer_summary = serializers.CharField(required=False, allow_blank=True)


def _ticket(request, number):
    ticket = selectors.get_ticket(request.user, number)
    if not policies.can_record_findings(request.user):
        raise PermissionDenied("Only agents see a ticket's findings.")
    return ticket


class TicketFindingsView(APIView):
    @extend_schema(responses={200: FindingsOut})
    def get(self, request, number):
        findings = selectors.findings_of(_ticket(request, number))
        if findings is None:
            raise NotFound(f"Ticket {number} has no findings yet.")
        return Response(FindingsOut(findings).data)

    @extend_schema(request=FindingsIn, responses={200: FindingsOut})
    def put(self, request, number):
        ticket = _ticket(request, number)
        data = FindingsIn(data=request.data)
        data.is_valid(raise_exception=True)
        findings = services.record_findings(
            ticket, actor=request.user, findings=services.Findings.of(data.validated_data)
        )
        return Response(FindingsOut(findings).data)
