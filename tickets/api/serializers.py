"""Input serializers parse; output serializers render. No business rules here."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework import serializers

from helpdesk.core.markdown import render_markdown

from ..models import Attachment, Message, Ticket
from ..services import MAX_BULK_TICKETS, MAX_HOLD_DAYS, BulkAction
from ..states import Category, MessageKind, Priority


class AttachmentOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "filename", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("attachment-download", args=[obj.pk, obj.filename])


class TransitionOut(serializers.Serializer):
    name = serializers.CharField()
    target = serializers.CharField()
    label = serializers.CharField()


class TicketListOut(serializers.ModelSerializer):
    number = serializers.IntegerField(source="pk", read_only=True)
    requester = serializers.CharField(source="requester.username")
    organization = serializers.CharField(source="organization.name")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    tier = serializers.CharField(source="tier.slug")
    tags = serializers.SerializerMethodField()
    linked_from = serializers.IntegerField(source="linked_from_id", allow_null=True)

    class Meta:
        model = Ticket
        fields = [
            "number",
            "subject",
            "status",
            "category",
            "priority",
            "tier",
            "assignee",
            "requester",
            "organization",
            "tags",
            "linked_from",
            "created_at",
            "updated_at",
            "last_word",
        ]

    def get_tags(self, obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class TicketDetailOut(TicketListOut):
    description_html = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(TicketListOut.Meta):
        fields = [
            *TicketListOut.Meta.fields,
            "description",
            "description_html",
            "production_url",
            "version_seen",
            "browser",
            "steps_to_reproduce",
            "error_text",
            "first_response_at",
            "hold_until",
            "available_transitions",
            "attachments",
        ]

    def get_description_html(self, obj) -> str:
        return str(render_markdown(obj.description))

    def get_available_transitions(self, obj) -> list[dict]:
        return self.context["available_transitions"]

    def get_attachments(self, obj) -> list[dict]:
        return AttachmentOut(self.context["attachments"], many=True).data


class TicketIn(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    requester = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        help_text="Agents only: the customer the ticket is filed for.",
    )
    production_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    version_seen = serializers.CharField(required=False, allow_blank=True, max_length=100)
    browser = serializers.CharField(required=False, allow_blank=True, max_length=200)
    steps_to_reproduce = serializers.CharField(required=False, allow_blank=True)
    error_text = serializers.CharField(required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False
    )


class MessageOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id")
    author = serializers.CharField(source="author.username", allow_null=True, default=None)
    body_html = serializers.SerializerMethodField()
    attachments = AttachmentOut(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "ticket",
            "kind",
            "author",
            "body",
            "body_html",
            "created_at",
            "attachments",
        ]

    def get_body_html(self, obj) -> str:
        return str(render_markdown(obj.body))


class MessageIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MessageKind.choices, required=False)
    body = serializers.CharField()
    set_pending = serializers.BooleanField(
        required=False, default=False, help_text="Agents: send the reply and set Pending."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False
    )


class NewTicketOut(serializers.Serializer):
    """A customer's reply to a closed ticket opened a new ticket."""

    ticket = serializers.IntegerField()
    linked_from = serializers.IntegerField()
    opened_new_ticket = serializers.BooleanField()
    detail = serializers.CharField()


class TransitionIn(serializers.Serializer):
    transition = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    hold_days = serializers.IntegerField(required=False, min_value=1, max_value=MAX_HOLD_DAYS)
    expected_status = serializers.CharField(
        required=False,
        help_text="The status you saw; if the ticket has moved since, the answer is 409.",
    )


class AssignIn(serializers.Serializer):
    assignee = serializers.CharField(
        allow_null=True, help_text="Username of an agent, or null to unassign."
    )


class TagsIn(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=100), allow_empty=True)


class BulkIn(serializers.Serializer):
    tickets = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=f"Ticket numbers, at most {MAX_BULK_TICKETS}.",
    )
    action = serializers.ChoiceField(choices=[item.value for item in BulkAction])
    assignee = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="assign: an agent's username."
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        help_text="add_tags, remove_tags: tag names.",
    )
    transition = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="transition: its name."
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="transition: shown on the timeline; Close needs the reason.",
    )
    hold_days = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_HOLD_DAYS, help_text="transition hold."
    )


class BulkErrorOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class BulkRowOut(serializers.Serializer):
    number = serializers.IntegerField()
    ok = serializers.BooleanField()
    error = BulkErrorOut(required=False, help_text="Why this ticket was left as it was.")


class BulkOut(serializers.Serializer):
    results = BulkRowOut(many=True)


class MergeIn(serializers.Serializer):
    into = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The ticket to keep (same customer)."
    )
