"""The outbox in Django admin: read-only rows, filters, and a retry action. The webhook
endpoints (editable) and their delivery log (read-only, with the same retry action)."""

from django import forms
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from . import services, webhooks
from .models import Notification, WebhookDelivery, WebhookEndpoint


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


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=webhooks.EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each event this endpoint receives, as one POST.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "format", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("An http:// or https:// address.")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "format", "event_list", "active"]
    list_filter = ["active", "format"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "format", "events", "active", "secret", "created_at"]
    readonly_fields = ["secret", "created_at"]
    actions = ["rotate_secret"]

    @admin.display(description="events")
    def event_list(self, obj):
        return ", ".join(obj.events or []) or "-"

    @admin.action(description="Rotate the signing secret of the selected endpoints")
    def rotate_secret(self, request, queryset):
        count = webhooks.rotate_secret(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%d endpoint has a new secret: give it to its receiver.",
                "%d endpoints have a new secret: give each to its receiver.",
                count,
            )
            % count,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["dedupe_key", "event"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "endpoint",
        "event",
        "dedupe_key",
        "status",
        "attempts",
        "response_status",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
        "body",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry selected deliveries (failed or waiting)")
    def retry(self, request, queryset):
        count = webhooks.retry(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d delivery will be sent again.", "%d deliveries will be sent again.", count)
            % count,
        )
