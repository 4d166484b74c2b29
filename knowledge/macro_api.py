"""The macros API: the agent's macros, one filled in for a ticket, and a reply sent with one
(its actions applied through the ticket services). Agents only; errors in the one JSON shape
(400 invalid, 403 forbidden, 404 not found)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.errors import ValidationFailed
from tickets import selectors as tickets

from . import policies_macros, selectors_macros
from .macro_models import Macro
from .services import macros as services


class IsAgent(BasePermission):
    message = "Macros are for agents."

    def has_permission(self, request, view) -> bool:
        return policies_macros.may_use_macros(request.user)


# --- input ------------------------------------------------------------------------------------


class ApplyIn(serializers.Serializer):
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The reply as the agent edited it; left out: the macro's text filled in for "
        "the ticket.",
    )
    set_pending = serializers.BooleanField(required=False, default=False)


# --- output -----------------------------------------------------------------------------------


class MacroOut(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    tier = serializers.CharField(source="tier.slug", allow_null=True, default=None)
    team = serializers.CharField(source="team.slug", allow_null=True, default=None)
    add_tags = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Macro
        fields = [
            "id",
            "name",
            "shortcut",
            "language",
            "body",
            "scope",
            "owner",
            "tier",
            "team",
            "set_status",
            "add_tags",
            "set_category",
            "set_priority",
            "link_article",
            "actions",
            "use_count",
            "last_used_at",
        ]

    def get_add_tags(self, macro) -> list[str]:
        return selectors_macros.tag_names(macro)

    def get_actions(self, macro) -> list[str]:
        return selectors_macros.action_labels(macro)


class RenderedOut(serializers.Serializer):
    macro = serializers.IntegerField(source="macro.pk")
    shortcut = serializers.CharField(source="macro.shortcut")
    name = serializers.CharField(source="macro.name")
    language = serializers.CharField(source="macro.language")
    ticket = serializers.IntegerField()
    text = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


class SentMessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    ticket = serializers.IntegerField(source="ticket_id")
    kind = serializers.CharField()
    author = serializers.CharField(source="author.username")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class AppliedOut(serializers.Serializer):
    message = SentMessageOut()
    ticket_status = serializers.CharField()
    macro = serializers.IntegerField()
    applied = serializers.ListField(child=serializers.CharField())
    refused = serializers.CharField(help_text="Why no action was applied; empty when they were.")
    skipped = serializers.ListField(child=serializers.CharField())


# --- views ------------------------------------------------------------------------------------


class MacroListView(APIView):
    """The macros the caller may use; with ``ticket``, those usable on that ticket."""

    permission_classes = [IsAgent]

    @extend_schema(
        parameters=[
            OpenApiParameter("ticket", int, description="A ticket's number."),
            OpenApiParameter("q", str, description="Words of the name, shortcut or text."),
        ],
        responses=MacroOut(many=True),
    )
    def get(self, request):
        number = request.query_params.get("ticket")
        ticket = tickets.get_ticket(request.user, number) if number else None
        macros = selectors_macros.macros_usable_by(
            request.user, ticket, request.query_params.get("q", "")
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(macros, request, view=self)
        return paginator.get_paginated_response(MacroOut(page, many=True).data)


class MacroRenderView(APIView):
    """The macro's text filled in for a ticket, to edit before sending."""

    permission_classes = [IsAgent]

    @extend_schema(
        parameters=[OpenApiParameter("ticket", int, required=True)], responses=RenderedOut
    )
    def get(self, request, pk):
        number = request.query_params.get("ticket")
        if not number:
            raise ValidationFailed(
                "Name the ticket to fill the macro in for.",
                fields={"ticket": ["A ticket's number."]},
            )
        ticket = tickets.get_ticket(request.user, number)
        macro = selectors_macros.usable_macro(request.user, ticket, pk)
        rendered = selectors_macros.render_for(macro, ticket, request.user)
        data = {
            "macro": macro,
            "ticket": ticket.pk,
            "text": rendered.text,
            "actions": rendered.actions,
        }
        return Response(RenderedOut(data).data)


class MacroApplyView(APIView):
    """A public reply with the macro (its text, or the agent's edit of it), then its actions
    through the ticket services: all or none; a refusal is reported and the reply stays sent."""

    permission_classes = [IsAgent]

    @extend_schema(request=ApplyIn, responses={201: AppliedOut})
    def post(self, request, number, pk):
        ticket = tickets.get_ticket(request.user, number)
        data = ApplyIn(data=request.data)
        data.is_valid(raise_exception=True)
        sent, outcome = services.reply_with_macro(
            ticket,
            actor=request.user,
            macro_id=pk,
            body=data.validated_data.get("body"),
            set_pending=data.validated_data["set_pending"],
        )
        status_now = tickets.get_ticket(request.user, number).status
        body = {
            "message": sent.message,
            "ticket_status": status_now,
            "macro": outcome.macro.pk,
            "applied": outcome.applied,
            "refused": outcome.refused,
            "skipped": outcome.skipped,
        }
        return Response(AppliedOut(body).data, status=status.HTTP_201_CREATED)
