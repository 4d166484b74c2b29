from django.contrib import admin

from .models import BusinessCalendar, Holiday, WorkingInterval


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
