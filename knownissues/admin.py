"""Admin: known issues and their records, read-mostly. Every write a person makes (status, links,
bulk answers, status-page posts) goes through the desk pages or the API, which call the
services; here admins look things up and fix text, through ``services.update_known_issue``
too. Dismissed signals are the exception: deleting one brings its signal back."""

from django.contrib import admin, messages

from helpdesk.core.errors import DomainError

from . import services
from .models import (
    BulkAnswer,
    BulkAnswerDelivery,
    DismissedSignal,
    KnownIssue,
    KnownIssueLink,
    OnCallLogEntry,
    StatusUpdate,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LinkInline(admin.TabularInline):
    model = KnownIssueLink
    fields = ["ticket", "linked_by", "linked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KnownIssue)
class KnownIssueAdmin(admin.ModelAdmin):
    list_display = ["id", "slug", "title", "status", "is_public", "created_by", "updated_at"]
    list_filter = ["status", "is_public"]
    search_fields = ["=id", "title", "slug", "partner_tickets"]
    list_select_related = ["created_by"]
    # Text only: the status, links and status-page fields change through the services.
    fields = [
        "title",
        "public_title",
        "slug",
        "description",
        "public_summary",
        "bug_url",
        "github_issue_number",
        "github_closed_at",
        "partner_tickets",
        "status",
        "is_public",
        "posted_at",
        "posted_by",
        "created_by",
        "created_at",
        "updated_at",
        "resolved_at",
    ]
    readonly_fields = [
        "slug",
        "github_issue_number",
        "github_closed_at",
        "status",
        "is_public",
        "posted_at",
        "posted_by",
        "created_by",
        "created_at",
        "updated_at",
        "resolved_at",
    ]
    inlines = [LinkInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Text edits go through the service: a posted issue's public text still changes only
        with "Post an update" (checked for customer names), and the fields are validated as on
        the desk."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if not changes:
            return
        try:
            services.update_known_issue(obj, actor=request.user, **changes)
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)


@admin.register(KnownIssueLink)
class KnownIssueLinkAdmin(ReadOnlyAdmin):
    list_display = ["known_issue", "ticket", "linked_by", "linked_at"]
    list_select_related = ["known_issue", "ticket", "linked_by"]
    search_fields = ["=known_issue__id", "=ticket__id"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdmin):
    list_display = ["known_issue", "status", "posted_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["known_issue", "posted_by"]


class DeliveryInline(admin.TabularInline):
    model = BulkAnswerDelivery
    fields = ["ticket", "message", "delivered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BulkAnswer)
class BulkAnswerAdmin(ReadOnlyAdmin):
    list_display = ["id", "known_issue", "state", "resolve_tickets", "sent_by", "sent_at"]
    list_filter = ["state"]
    list_select_related = ["known_issue", "sent_by"]
    inlines = [DeliveryInline]


@admin.register(BulkAnswerDelivery)
class BulkAnswerDeliveryAdmin(ReadOnlyAdmin):
    """One row per ticket a bulk answer reached: where to look when a customer says they got
    nothing (or two)."""

    list_display = ["bulk_answer", "ticket", "message", "delivered_at"]
    list_select_related = ["bulk_answer", "ticket", "message"]
    search_fields = ["=bulk_answer__id", "=ticket__id"]


@admin.register(OnCallLogEntry)
class OnCallLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["kind", "text", "author", "created_at", "done_at"]
    list_filter = ["kind"]
    list_select_related = ["author"]


@admin.register(DismissedSignal)
class DismissedSignalAdmin(admin.ModelAdmin):
    """Leads' "not a known issue" answers; delete one to bring its signal back now."""

    list_display = ["key", "ticket_count", "dismissed_by", "dismissed_at"]
    list_select_related = ["dismissed_by"]
    readonly_fields = ["key", "ticket_count", "dismissed_by", "dismissed_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False
