"""The known-issue API: parse, call a selector or service, render. Agents only; errors use the
one JSON shape (400 invalid, 403 forbidden, 404 not found, 409 conflict)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.markdown import render_markdown

from . import policies, selectors, services
from .models import BulkAnswer, KnownIssue, KnownIssueLink
from .states import IssueStatus


class IsAgent(BasePermission):
    message = "The known-issue tracker is internal: agents only."

    def has_permission(self, request, view) -> bool:
        return policies.may_view(request.user)


class IsLead(BasePermission):
    message = "Signals are for leads."

    def has_permission(self, request, view) -> bool:
        return policies.may_see_signals(request.user)


# --- input ------------------------------------------------------------------------------------


class KnownIssueIn(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    public_title = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The incident's name on the public status page. Empty: the title.",
    )
    slug = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    public_summary = serializers.CharField(required=False, allow_blank=True, default="")
    bug_url = serializers.CharField(required=False, allow_blank=True, default="")
    partner_tickets = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(
        choices=[IssueStatus.INVESTIGATING, IssueStatus.KNOWN_ISSUE],
        required=False,
        default=IssueStatus.INVESTIGATING,
    )
    tickets = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
        help_text="Ticket numbers to link at once (create from tickets).",
    )


class KnownIssueUpdateIn(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True)
    public_title = serializers.CharField(required=False, allow_blank=True)
    slug = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    public_summary = serializers.CharField(required=False, allow_blank=True)
    bug_url = serializers.CharField(required=False, allow_blank=True)
    partner_tickets = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=IssueStatus.choices, required=False)
    public_note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="With a status change of a posted issue: the status page's line (posters "
        "only). Empty: the standard line of the new status.",
    )


class LinkIn(serializers.Serializer):
    ticket = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class BulkAnswerIn(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    resolve_tickets = serializers.BooleanField(required=False, default=False)


# --- output -----------------------------------------------------------------------------------


class KnownIssueOut(serializers.ModelSerializer):
    number = serializers.IntegerField(source="pk")
    tag = serializers.CharField(source="tag_name")
    created_by = serializers.CharField(source="created_by.username")
    linked_tickets = serializers.IntegerField(source="linked_count")
    open_tickets = serializers.IntegerField(source="open_count")

    class Meta:
        model = KnownIssue
        fields = [
            "number",
            "tag",
            "title",
            "public_title",
            "slug",
            "status",
            "description",
            "public_summary",
            "bug_url",
            "partner_tickets",
            "is_public",
            "posted_at",
            "created_by",
            "created_at",
            "updated_at",
            "resolved_at",
            "linked_tickets",
            "open_tickets",
        ]


class LinkOut(serializers.ModelSerializer):
    known_issue = serializers.IntegerField(source="known_issue_id")
    ticket = serializers.IntegerField(source="ticket_id")
    subject = serializers.CharField(source="ticket.subject")
    ticket_status = serializers.CharField(source="ticket.status")
    linked_by = serializers.CharField(source="linked_by.username", allow_null=True, default=None)

    class Meta:
        model = KnownIssueLink
        fields = ["known_issue", "ticket", "subject", "ticket_status", "linked_by", "linked_at"]


class KnownIssueDetailOut(KnownIssueOut):
    tickets = serializers.SerializerMethodField()

    class Meta(KnownIssueOut.Meta):
        fields = [*KnownIssueOut.Meta.fields, "tickets"]

    def get_tickets(self, issue) -> list[dict]:
        return LinkOut(selectors.linked_tickets(issue), many=True).data


class RecipientOut(serializers.Serializer):
    ticket = serializers.IntegerField(source="pk")
    subject = serializers.CharField()
    status = serializers.CharField()
    delivered = serializers.BooleanField()


class BulkAnswerOut(serializers.ModelSerializer):
    known_issue = serializers.IntegerField(source="known_issue_id")
    body_html = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username")
    sent_by = serializers.CharField(source="sent_by.username", allow_null=True, default=None)
    recipients = serializers.SerializerMethodField()

    class Meta:
        model = BulkAnswer
        fields = [
            "id",
            "known_issue",
            "state",
            "body",
            "body_html",
            "resolve_tickets",
            "created_by",
            "created_at",
            "sent_by",
            "sent_at",
            "last_error",
            "recipients",
        ]

    def get_body_html(self, answer) -> str:
        return str(render_markdown(answer.body))

    def get_recipients(self, answer) -> list[dict]:
        delivered = selectors.delivered_ticket_ids(answer)
        rows = [
            {"pk": t.pk, "subject": t.subject, "status": t.status, "delivered": t.pk in delivered}
            for t in selectors.bulk_answer_recipients(answer.known_issue)
        ]
        return RecipientOut(rows, many=True).data


class TagSignalOut(serializers.Serializer):
    tag = serializers.CharField()
    count = serializers.IntegerField()
    tickets = serializers.ListField(child=serializers.IntegerField())


class PostSignalOut(serializers.Serializer):
    known_issue = serializers.IntegerField(source="issue.pk")
    tag = serializers.CharField(source="issue.tag_name")
    title = serializers.CharField(source="issue.title")
    count = serializers.IntegerField()


class SignalsOut(serializers.Serializer):
    create_known_issue = TagSignalOut(source="create", many=True)
    post_on_status_page = PostSignalOut(source="post", many=True)


# --- views ------------------------------------------------------------------------------------


def _detail(number) -> dict:
    return KnownIssueDetailOut(selectors.get_known_issue(number)).data


class KnownIssueListView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=KnownIssueOut(many=True))
    def get(self, request):
        issues = selectors.known_issue_list(
            status=request.query_params.get("status", ""),
            query=request.query_params.get("q", ""),
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(issues, request, view=self)
        return paginator.get_paginated_response(KnownIssueOut(page, many=True).data)

    @extend_schema(request=KnownIssueIn, responses={201: KnownIssueDetailOut})
    def post(self, request):
        data = KnownIssueIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        issue = services.create_known_issue(
            actor=request.user, tickets_to_link=fields.pop("tickets"), **fields
        )
        return Response(_detail(issue.pk), status.HTTP_201_CREATED)


class KnownIssueDetailView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=KnownIssueDetailOut)
    def get(self, request, number):
        return Response(_detail(number))

    @extend_schema(request=KnownIssueUpdateIn, responses=KnownIssueDetailOut)
    def patch(self, request, number):
        issue = selectors.get_known_issue(number)
        data = KnownIssueUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        issue = services.edit_known_issue(issue, actor=request.user, **data.validated_data)
        return Response(_detail(issue.pk))


class LinkView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=LinkIn, responses={201: LinkOut})
    def post(self, request, number):
        issue = selectors.get_known_issue(number)
        data = LinkIn(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.link_ticket(issue, data.validated_data["ticket"], actor=request.user)
        link = selectors.linked_tickets(issue).get(pk=link.pk)
        return Response(LinkOut(link).data, status.HTTP_201_CREATED)


class UnlinkView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, number, ticket):
        issue = selectors.get_known_issue(number)
        services.unlink_ticket(issue, ticket, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BulkAnswerCreateView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=BulkAnswerIn, responses={201: BulkAnswerOut})
    def post(self, request, number):
        issue = selectors.get_known_issue(number)
        data = BulkAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.compose_bulk_answer(issue, actor=request.user, **data.validated_data)
        answer = selectors.get_bulk_answer(issue, answer.pk)
        return Response(BulkAnswerOut(answer).data, status.HTTP_201_CREATED)


class BulkAnswerDetailView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=BulkAnswerOut)
    def get(self, request, number, pk):
        issue = selectors.get_known_issue(number)
        return Response(BulkAnswerOut(selectors.get_bulk_answer(issue, pk)).data)


class BulkAnswerSendView(APIView):
    """202: a worker delivers it (each ticket once). Posting again while it is Sending asks a
    worker again (a retry); 409 once it is Sent."""

    permission_classes = [IsAgent]

    @extend_schema(request=None, responses={202: BulkAnswerOut})
    def post(self, request, number, pk):
        issue = selectors.get_known_issue(number)
        answer = selectors.get_bulk_answer(issue, pk)
        services.start_sending(answer, actor=request.user)
        answer = selectors.get_bulk_answer(issue, pk)
        return Response(BulkAnswerOut(answer).data, status.HTTP_202_ACCEPTED)


class SignalsView(APIView):
    permission_classes = [IsLead]

    @extend_schema(responses=SignalsOut)
    def get(self, request):
        return Response(SignalsOut(selectors.lead_signals()).data)
