"""Mailboxes (configured here) and every message received (read-only, like the outbox)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from helpdesk.core.admin_actions import ReadOnlyAdmin

from .models import Mailbox, ReceivedMail


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "username", "folder", "filed_via", "active", "last_polled_at"]
    list_filter = ["active", "filed_via"]
    readonly_fields = ["last_polled_at", "last_error"]


@admin.register(ReceivedMail)
class ReceivedMailAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender", "subject", "result", "ticket", "source", "reason"]
    list_filter = ["result", "source", "mailbox", "received_at"]
    search_fields = ["sender", "subject", "message_id", "=ticket_number", "reason"]
    date_hierarchy = "received_at"
    list_select_related = ["mailbox"]
    fields = [
        "received_at",
        "source",
        "mailbox",
        "sender",
        "subject",
        "message_id",
        "result",
        "reason",
        "ticket",
        "ticket_message_id",
        "size",
    ]
    readonly_fields = fields

    @admin.display(description="ticket", ordering="ticket_number")
    def ticket(self, obj: ReceivedMail) -> str:
        if obj.ticket_number is None:
            return "-"
        url = reverse("desk-ticket", kwargs={"number": obj.ticket_number})
        if obj.ticket_message_id:
            url += f"#message-{obj.ticket_message_id}"
        return format_html('<a href="{}">#{}</a>', url, obj.ticket_number)
