"""Mailboxes (configured here) and every message received (read-only, like the outbox)."""

from django.contrib import admin

from helpdesk.core.admin_actions import ReadOnlyAdmin

from .models import Mailbox, ReceivedMail


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "username", "folder", "active", "last_polled_at"]
    list_filter = ["active"]
    readonly_fields = ["last_polled_at", "last_error"]


@admin.register(ReceivedMail)
class ReceivedMailAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender", "subject", "result", "ticket_number", "reason"]
    list_filter = ["result", "source", "mailbox"]
    search_fields = ["sender", "subject", "message_id", "=ticket_number"]
    date_hierarchy = "received_at"
