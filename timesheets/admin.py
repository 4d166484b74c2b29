"""Admin: support packs are configured here (hours bought, validity, consultant), saved through
``services.save_pack``. Time entries, timers, calls and follow-ups are records the services
write (pack draw-down and its notifications happen there): the admin shows them without add or
change, so they are changed on the desk (entries also through the API). Entries cannot be
deleted here either; a timer, call or follow-up can (Django's plain delete: no ticket note)."""

from django.contrib import admin

from . import selectors, services
from .display import duration
from .models import FollowUp, RunningTimer, SupportPack, TechnicalCall, TimeEntry


@admin.register(SupportPack)
class SupportPackAdmin(admin.ModelAdmin):
    list_display = ["reference", "organization", "hours", "valid_from", "valid_until",
                    "consultant", "used"]  # fmt: skip
    list_filter = ["organization"]
    search_fields = ["reference", "organization__name"]
    autocomplete_fields = ["consultant"]
    date_hierarchy = "valid_until"

    def get_queryset(self, request):
        return selectors.packs_with_usage(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        services.save_pack(obj)

    @admin.display(description="used", ordering="used_minutes")
    def used(self, pack):
        usage = selectors.PackUsage(pack, pack.used_minutes)
        text = f"{duration(usage.used_minutes)} ({usage.percent}%)"
        return f"{text}, overdrawn" if usage.overdrawn else text


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TimeEntry)
class TimeEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "agent", "ticket", "task", "activity", "minutes", "billable",
                    "support_pack"]  # fmt: skip
    list_filter = ["activity", "billable", "date"]
    search_fields = ["agent__username", "note", "ticket__subject"]
    list_select_related = ["agent", "ticket", "task", "support_pack"]
    date_hierarchy = "date"

    def has_delete_permission(self, request, obj=None):
        return False  # deleting through the desk or API keeps the pack's numbers honest


@admin.register(RunningTimer)
class RunningTimerAdmin(ReadOnlyAdmin):
    list_display = ["agent", "ticket", "task", "activity", "started_at"]
    list_select_related = ["agent", "ticket", "task"]


@admin.register(TechnicalCall)
class TechnicalCallAdmin(ReadOnlyAdmin):
    list_display = ["scheduled_at", "agent", "ticket", "status", "waited_minutes"]
    list_filter = ["status"]
    list_select_related = ["agent", "ticket"]
    date_hierarchy = "scheduled_at"


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["due_on", "agent", "ticket", "note", "done_at"]
    list_filter = ["done_at"]
    list_select_related = ["agent", "ticket"]
