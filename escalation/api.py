"""The escalation API: parse, call a selector or service, render. Errors use the one JSON shape
(``helpdesk.core.api.exception_handler``): 400 invalid, 403 forbidden, 404 not found, 409
conflict (the ticket moved meanwhile, or is closed)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.errors import PermissionDenied
from tickets import selectors as ticket_selectors
from tickets.states import Category, Priority

from . import policies, selectors, services
from .models import Escalation, OnCallAlert, OnCallRequest, TicketRouting
from .states import ENGAGEMENT_TRIGGERS, PROPOSED_DOC_TAGS, DownOutcome

# --- input ------------------------------------------------------------------------------------


class EscalateIn(serializers.Serializer):
    target_tier = serializers.CharField(
        required=False, allow_blank=True, help_text="Tier code, e.g. T3; the next tier if empty."
    )
    questions = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text="Numbered in this order."
    )
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    customer_message = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Public transition comment; required by the T1 (customer had the last word) "
        "and T2 (always) rules.",
    )
    set_pending = serializers.BooleanField(required=False, default=False)
    expected_tier = serializers.CharField(
        required=False, help_text="The tier you saw; if the ticket has moved since, 409."
    )


class EscalateDownIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DownOutcome.choices)
    target_tier = serializers.CharField(required=False, allow_blank=True)
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    doc_url = serializers.CharField(required=False, allow_blank=True, default="")
    known_issue = serializers.CharField(required=False, allow_blank=True, default="")
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_docs = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text=f"Any of: {', '.join(PROPOSED_DOC_TAGS)} (or user, internal).",
    )
    process_tweak = serializers.CharField(required=False, allow_blank=True, default="")
    expected_tier = serializers.CharField(required=False)


class SplitIn(serializers.Serializer):
    messages = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False
    )
    subject = serializers.CharField(allow_blank=True)
    quote = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="Part of a message that becomes the new ticket's description; the message stays.",
    )
    quote_of = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        help_text="The public message the quote is from; empty: the ticket's request.",
    )


class TeamIn(serializers.Serializer):
    team = serializers.CharField(help_text="Team slug: engagement, product, marketing.")
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    follow = serializers.BooleanField(required=False, default=False)
    triggers = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text=f"Engagement situations: {', '.join(ENGAGEMENT_TRIGGERS)}.",
    )


class RouteIn(serializers.Serializer):
    tier = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Tier code or slug; blank: stays."
    )
    assignee = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Username of an agent of the tier."
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    expected_tier = serializers.CharField(required=False, allow_blank=True, default="")


class RoutedOut(serializers.Serializer):
    number = serializers.IntegerField(source="ticket.pk")
    tier = serializers.CharField(source="ticket.tier.code")
    assignee = serializers.CharField(source="ticket.assignee.username", default=None)
    priority = serializers.CharField(source="ticket.priority")
    category = serializers.CharField(source="ticket.category")
    changes = serializers.ListField(child=serializers.CharField())


class ProductIn(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class AcknowledgeIn(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- output -----------------------------------------------------------------------------------


class EscalationOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    from_tier = serializers.CharField(source="from_tier.code")
    to_tier = serializers.CharField(source="to_tier.code")
    actor = serializers.CharField(source="actor.username")
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", allow_null=True, default=None
    )

    class Meta:
        model = Escalation
        fields = [
            "id",
            "ticket",
            "direction",
            "from_tier",
            "to_tier",
            "actor",
            "at",
            "questions",
            "findings",
            "customer_message",
            "outcome",
            "doc_url",
            "known_issue",
            "is_reescalation",
            "tags_added",
            "needs_review",
            "reviewed_at",
            "reviewed_by",
        ]


class RoutingOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    team = serializers.CharField(source="team.slug", allow_null=True, default=None)
    followers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = TicketRouting
        fields = [
            "ticket",
            "team",
            "team_reason",
            "sent_to_team_at",
            "notify_product",
            "product_flagged_at",
            "followers",
        ]


class AlertOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    acknowledged_by = serializers.CharField(
        source="acknowledged_by.username", allow_null=True, default=None
    )

    class Meta:
        model = OnCallAlert
        fields = [
            "id",
            "ticket",
            "state",
            "raised_at",
            "page_at",
            "paged_at",
            "contact_at",
            "contacted_at",
            "acknowledged_at",
            "acknowledged_by",
        ]


class SplitOut(serializers.Serializer):
    ticket = serializers.IntegerField(help_text="The new ticket.")
    split_from = serializers.IntegerField()
    tier = serializers.CharField()


# --- views ------------------------------------------------------------------------------------


def _escalation(pk) -> Escalation:
    return Escalation.objects.select_related("from_tier", "to_tier", "actor", "reviewed_by").get(
        pk=pk
    )


class EscalateView(APIView):
    @extend_schema(request=EscalateIn, responses={201: EscalationOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = EscalateIn(data=request.data)
        data.is_valid(raise_exception=True)
        escalation = services.escalate_up(ticket, actor=request.user, **data.validated_data)
        if isinstance(escalation, OnCallRequest):  # held for a lead in working hours (seed 003)
            return Response(
                {
                    "awaiting_lead": True,
                    "ticket": ticket.pk,
                    "from_tier": escalation.from_tier.code,
                    "to_tier": escalation.to_tier.code,
                    "message": "In working hours a lead confirms an escalation to "
                    f"{escalation.to_tier.code}; nothing is paged until one does.",
                },
                status.HTTP_202_ACCEPTED,
            )
        return Response(EscalationOut(_escalation(escalation.pk)).data, status.HTTP_201_CREATED)


class EscalateDownView(APIView):
    @extend_schema(request=EscalateDownIn, responses={201: EscalationOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = EscalateDownIn(data=request.data)
        data.is_valid(raise_exception=True)
        escalation = services.escalate_down(ticket, actor=request.user, **data.validated_data)
        return Response(EscalationOut(_escalation(escalation.pk)).data, status.HTTP_201_CREATED)


class EscalationsView(APIView):
    @extend_schema(responses=EscalationOut(many=True))
    def get(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        if not policies.may_escalate(request.user):
            raise PermissionDenied("Escalations are internal: agents only.")
        return Response(EscalationOut(selectors.escalations_of(ticket), many=True).data)


class SplitView(APIView):
    @extend_schema(request=SplitIn, responses={201: SplitOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = SplitIn(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.split(
            ticket,
            actor=request.user,
            message_ids=data.validated_data.get("messages", []),
            subject=data.validated_data["subject"],
            quote=data.validated_data.get("quote", ""),
            quote_of=data.validated_data.get("quote_of"),
        )
        body = {"ticket": new.pk, "split_from": ticket.pk, "tier": new.tier.code}
        return Response(SplitOut(body).data, status.HTTP_201_CREATED)


class SendToTeamView(APIView):
    @extend_schema(request=TeamIn, responses={200: RoutingOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = TeamIn(data=request.data)
        data.is_valid(raise_exception=True)
        routing = services.send_to_team(ticket, actor=request.user, **data.validated_data)
        return Response(RoutingOut(selectors.routing_of(routing.ticket)).data)


class RouteView(APIView):
    """Triage routes a ticket: tier, agent, priority, category (seed 003)."""

    @extend_schema(request=RouteIn, responses={200: RoutedOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = RouteIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        routed = services.route(
            ticket,
            actor=request.user,
            tier=values["tier"],
            assignee=ticket_selectors.user_named(values["assignee"]),
            priority=values["priority"],
            category=values["category"],
            note=values["note"],
            expected_tier=values["expected_tier"] or None,
        )
        return Response(RoutedOut(routed).data)


class NotifyProductView(APIView):
    @extend_schema(request=ProductIn, responses={200: RoutingOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = ProductIn(data=request.data)
        data.is_valid(raise_exception=True)
        routing = services.notify_product(
            ticket, actor=request.user, note=data.validated_data["note"]
        )
        return Response(RoutingOut(selectors.routing_of(routing.ticket)).data)


class AcknowledgeView(APIView):
    @extend_schema(request=AcknowledgeIn, responses={200: AlertOut})
    def post(self, request, number):
        ticket = ticket_selectors.get_ticket(request.user, number)
        data = AcknowledgeIn(data=request.data)
        data.is_valid(raise_exception=True)
        alert = services.acknowledge(ticket, actor=request.user, note=data.validated_data["note"])
        return Response(AlertOut(alert).data)
