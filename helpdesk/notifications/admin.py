"""The outbox in Django admin: read-only rows, filters, and a retry action."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from . import services
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "kind",
        "recipient",
        "ticket_link",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject", "dedupe_key", "=ticket_number"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "kind",
        "recipient",
        "ticket_link",
        "subject",
        "body_text",
        "dedupe_key",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="ticket", ordering="ticket_number")
    def ticket_link(self, obj):
        if not obj.ticket_number:
            return "-"
        try:
            url = reverse("admin:tickets_ticket_change", args=[obj.ticket_number])
        except NoReverseMatch:
            return f"#{obj.ticket_number}"
        return format_html('<a href="{}">#{}</a>', url, obj.ticket_number)

    @admin.action(description="Retry selected notifications (failed or waiting)")
    def retry(self, request, queryset):
        count = services.retry(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%d notification will be sent again.", "%d notifications will be sent again.", count
            )
            % count,
        )
