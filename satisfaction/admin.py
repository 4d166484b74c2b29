"""Surveys in the Django admin: read-only (answers come from customers only)."""

from django.contrib import admin

from .models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "ticket",
        "round",
        "resolved_at",
        "agent",
        "tier",
        "category",
        "rating",
        "answered_at",
        "answered_via",
    ]
    list_filter = ["rating", "answered_via", "tier", "category"]
    list_select_related = ["ticket", "agent", "tier"]
    search_fields = ["ticket__id"]
    date_hierarchy = "resolved_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
