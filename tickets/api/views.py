"""The tickets API: parse, call a selector or service, render."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import policies, selectors, services
from . import serializers as s
from .filters import TicketFilter

PARSERS = [JSONParser, MultiPartParser, FormParser]
LIST_COLUMNS = (
    "subject",
    "status",
    "category",
    "priority",
    "tier__slug",
    "assignee__username",
    "requester__username",
    "organization__name",
    "linked_from",
    "created_at",
    "updated_at",
    "last_word",
)


def _files(request) -> list:
    return request.FILES.getlist("attachments") if hasattr(request, "FILES") else []


def _detail_response(ticket, request, code=status.HTTP_200_OK, attachments=True) -> Response:
    """``attachments=False``: the caller knows there are none (a submission without files)."""
    context = {
        "request": request,
        "available_transitions": [
            {k: t[k] for k in ("name", "target", "label")}
            for t in selectors.available_transitions(ticket, request.user)
        ],
        "attachments": selectors.ticket_attachments(ticket) if attachments else [],
    }
    return Response(s.TicketDetailOut(ticket, context=context).data, status=code)


class TicketListView(generics.ListAPIView):
    """Tickets the caller may see, oldest first, 50 a page."""

    serializer_class = s.TicketListOut
    filterset_class = TicketFilter
    parser_classes = PARSERS

    def get_queryset(self):
        # Only the columns TicketListOut shows: no description, passwords or other wide columns
        # to read and turn into objects fifty times a page.
        return (
            selectors.ticket_list(self.request.user)
            .only(*LIST_COLUMNS)
            .order_by("created_at", "id")
        )

    @extend_schema(request=s.TicketIn, responses={201: s.TicketDetailOut})
    def post(self, request):
        data = s.TicketIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("attachments", None)
        files = _files(request)
        ticket = services.submit_ticket(actor=request.user, attachments=files, **fields)
        ticket = selectors.submitted_ticket(ticket)
        return _detail_response(ticket, request, status.HTTP_201_CREATED, attachments=bool(files))


class TicketDetailView(APIView):
    @extend_schema(responses=s.TicketDetailOut)
    def get(self, request, number):
        return _detail_response(selectors.get_ticket(request.user, number), request)


class TicketMessagesView(APIView):
    parser_classes = PARSERS

    @extend_schema(responses=s.MessageOut(many=True))
    def get(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        messages = selectors.messages_visible_to(request.user, ticket)
        return Response(s.MessageOut(messages, many=True).data)

    @extend_schema(
        request=s.MessageIn,
        responses={
            201: OpenApiResponse(
                s.MessageOut, description="The message, or NewTicketOut for a closed ticket."
            )
        },
    )
    def post(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = s.MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.post_message(
            ticket,
            actor=request.user,
            kind=data.validated_data.get("kind"),
            body=data.validated_data["body"],
            set_pending=data.validated_data["set_pending"],
            attachments=_files(request),
        )
        if outcome.opened_new_ticket:
            body = {
                "ticket": outcome.ticket.pk,
                "linked_from": ticket.pk,
                "opened_new_ticket": True,
                "detail": (
                    f"Ticket #{ticket.pk} is closed, so your reply opened a new ticket, "
                    f"#{outcome.ticket.pk}, linked to it."
                ),
            }
            return Response(s.NewTicketOut(body).data, status=status.HTTP_201_CREATED)
        return Response(s.MessageOut(outcome.message).data, status=status.HTTP_201_CREATED)


class TicketTransitionsView(APIView):
    @extend_schema(request=s.TransitionIn, responses={200: s.TicketDetailOut})
    def post(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = s.TransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.transition(
            ticket,
            actor=request.user,
            name=data.validated_data["transition"],
            comment=data.validated_data["comment"],
            hold_days=data.validated_data.get("hold_days"),
            expected_status=data.validated_data.get("expected_status"),
        )
        return _detail_response(selectors.get_ticket(request.user, number), request)


class TicketAssignView(APIView):
    @extend_schema(request=s.AssignIn, responses={200: s.TicketDetailOut})
    def post(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = s.AssignIn(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = selectors.user_named(data.validated_data["assignee"])
        services.assign(ticket, actor=request.user, assignee=assignee)
        return _detail_response(selectors.get_ticket(request.user, number), request)


class TicketMergeView(APIView):
    """Merge this duplicate into ``into`` (kept): the answer is the kept ticket."""

    @extend_schema(request=s.MergeIn, responses={200: s.TicketDetailOut})
    def post(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = s.MergeIn(data=request.data)
        data.is_valid(raise_exception=True)
        kept = services.merge_tickets(ticket, actor=request.user, into=data.validated_data["into"])
        return _detail_response(selectors.get_ticket(request.user, kept.pk), request)


class TicketTagsView(APIView):
    @extend_schema(request=s.TagsIn, responses={200: s.TicketDetailOut})
    def put(self, request, number):
        ticket = selectors.get_ticket(request.user, number)
        data = s.TagsIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.set_tags(ticket, actor=request.user, names=data.validated_data["tags"])
        return _detail_response(selectors.get_ticket(request.user, number), request)


class IsAgent(BasePermission):
    message = "Only agents change tickets in bulk."

    def has_permission(self, request, view) -> bool:
        return policies.can_act_in_bulk(request.user)


class TicketBulkView(APIView):
    """One action on many tickets, each through its own service and transaction: a refused
    ticket is left as it was and answered with its reason; the others apply."""

    permission_classes = [IsAgent]

    @extend_schema(request=s.BulkIn, responses={200: s.BulkOut})
    def post(self, request):
        data = s.BulkIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        result = services.apply_bulk(
            fields["tickets"],
            actor=request.user,
            action=fields["action"],
            assignee=selectors.user_named(fields["assignee"]),
            tags=fields["tags"],
            transition_name=fields["transition"],
            comment=fields["comment"],
            hold_days=fields.get("hold_days"),
        )
        rows = [
            {"number": row.number, "ok": True}
            if row.error is None
            else {
                "number": row.number,
                "ok": False,
                "error": {"code": row.error.code, "message": row.error.message},
            }
            for row in result.rows
        ]
        return Response(s.BulkOut({"results": rows}).data)
