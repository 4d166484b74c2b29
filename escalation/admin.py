"""Admin: tiers, teams, agents' profiles, the on-call rota and contact list are configured here;
escalations, routing, alerts and pages are records, read-only (the services write them)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    AgentProfile,
    Escalation,
    OnCallAlert,
    OnCallContact,
    OnCallShift,
    Page,
    Team,
    TicketRouting,
    Tier,
)


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "level",
        "transition_comment",
        "time_box",
        "is_on_call",
        "sla_policy_link",
    ]
    search_fields = ["name", "code", "slug"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "code", "slug", "level", "description", "lead", "members"]}),
        (
            "Escalating out of this tier",
            {"fields": ["research_minutes", "answer_minutes", "transition_comment"]},
        ),
        (
            "On-Call",
            {"fields": ["is_on_call", "page_after_minutes", "contact_list_after_minutes"]},
        ),
    ]

    list_select_related = ["sla_policy"]

    @admin.display(description="calendar and SLA")
    def sla_policy_link(self, tier):
        # The business calendar and thresholds live in the SLA app's policy of the tier.
        policy = getattr(tier, "sla_policy", None)
        if policy is None:
            return format_html('<a href="{}">add</a>', reverse("admin:sla_slapolicy_add"))
        url = reverse("admin:sla_slapolicy_change", args=[policy.pk])
        return format_html('<a href="{}">SLA policy</a>', url)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "speaks_spanish", "authorized_escalator", "phone"]
    list_filter = ["speaks_spanish", "authorized_escalator"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ["agent", "starts_at", "ends_at", "note"]
    list_filter = ["agent"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["agent"]


@admin.register(OnCallContact)
class OnCallContactAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name", "email"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services: no add, no change, no delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "direction", "from_tier", "to_tier", "actor", "at", "needs_review"]
    list_filter = ["direction", "needs_review", "to_tier"]
    search_fields = ["ticket__id", "ticket__subject"]
    date_hierarchy = "at"


@admin.register(TicketRouting)
class TicketRoutingAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "team", "notify_product", "sent_to_team_at"]
    list_filter = ["team", "notify_product"]


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    can_delete = False
    fields = ["step", "recipient", "email", "webhook_status", "created_at"]
    readonly_fields = fields


@admin.register(OnCallAlert)
class OnCallAlertAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "state", "raised_at", "paged_at", "contacted_at", "acknowledged_by"]
    list_filter = ["state"]
    inlines = [PageInline]


@admin.register(Page)
class PageAdmin(ReadOnlyAdmin):
    list_display = ["alert", "step", "recipient", "email", "webhook_status", "created_at"]
    list_filter = ["step", "webhook_status"]
