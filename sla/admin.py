from django.contrib import admin

from .admin_forms import SlaPolicyAdminForm
from .business_time import compiled, standard_day_minutes
from .models import (
    BusinessCalendar,
    ClockEvent,
    DashboardSnapshot,
    FirstAssignmentTarget,
    FirstResponseClock,
    Holiday,
    SlaClock,
    SlaPolicy,
    WorkingInterval,
)
from .policies import business_span


def _span(minutes: int, calendar: BusinessCalendar) -> str:
    """Thresholds and targets in business time: "1.5 business hours", "1 business day"."""
    return business_span(minutes, standard_day_minutes(compiled(calendar).spec))


class WorkingIntervalInline(admin.TabularInline):
    model = WorkingInterval
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "always_open", "holiday_country", "holiday_subdivision"]
    list_filter = ["always_open", "holiday_country"]
    search_fields = ["name", "timezone"]
    inlines = [WorkingIntervalInline, HolidayInline]


@admin.register(WorkingInterval)
class WorkingIntervalAdmin(admin.ModelAdmin):
    list_display = ["calendar", "weekday", "start", "end"]
    list_filter = ["calendar", "weekday"]
    search_fields = ["calendar__name"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["calendar", "date", "name"]
    list_filter = ["calendar"]
    search_fields = ["name", "calendar__name"]
    date_hierarchy = "date"


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = SlaPolicyAdminForm
    list_display = [
        "tier",
        "calendar",
        "yellow_after",
        "red_after",
        "pause_on_pending",
        "pause_on_waiting",
        "pause_on_hold",
        "green_target_percent",
    ]
    list_select_related = ["tier", "calendar"]

    @admin.display(description="Yellow after", ordering="yellow_after_minutes")
    def yellow_after(self, policy: SlaPolicy) -> str:
        return _span(policy.yellow_after_minutes, policy.calendar)

    @admin.display(description="Red after", ordering="red_after_minutes")
    def red_after(self, policy: SlaPolicy) -> str:
        return _span(policy.red_after_minutes, policy.calendar)


@admin.register(FirstAssignmentTarget)
class FirstAssignmentTargetAdmin(admin.ModelAdmin):
    """Targets read in business time ("1 business hour"); the minutes stay the stored truth."""

    list_display = ["category", "target", "yellow_percent", "calendar"]
    list_select_related = ["calendar"]

    @admin.display(description="First response due after", ordering="minutes")
    def target(self, target: FirstAssignmentTarget) -> str:
        return _span(target.minutes, target.calendar)


@admin.register(FirstResponseClock)
class FirstResponseClockAdmin(admin.ModelAdmin):
    """Kept by the services and the sweep; admin shows them read-only."""

    list_display = ["ticket", "category", "state", "colour", "started_at", "due_at", "breached_at"]
    list_filter = ["category", "state", "colour"]
    search_fields = ["=ticket__id"]
    list_select_related = ["ticket"]
    readonly_fields = [f.name for f in FirstResponseClock._meta.fields]

    def has_add_permission(self, request):
        return False


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "elapsed_minutes", "note"]


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    """Clocks are kept by the services; admin shows them read-only."""

    list_display = ["ticket", "tier", "state", "colour", "started_at", "yellow_at", "red_at"]
    list_filter = ["tier", "state", "colour"]
    search_fields = ["=ticket__id"]
    list_select_related = ["ticket", "tier"]
    inlines = [ClockEventInline]
    readonly_fields = [f.name for f in SlaClock._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ClockEvent)
class ClockEventAdmin(admin.ModelAdmin):
    list_display = ["clock", "kind", "at", "elapsed_minutes", "note"]
    list_filter = ["kind"]
    list_select_related = ["clock"]

    def has_add_permission(self, request):
        return False


@admin.register(DashboardSnapshot)
class DashboardSnapshotAdmin(admin.ModelAdmin):
    list_display = ["computed_at"]
    readonly_fields = ["computed_at", "data"]

    def has_add_permission(self, request):
        return False
