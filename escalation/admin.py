"""Admin: tiers with their escalation rules, teams, agents' profiles, the on-call rota and
contact list are configured here; escalations, routing, alerts and pages are records, read-only
(the services write them).

A tier's identity is ``tickets.Tier`` and its rules are this app's ``TierRules``: admins edit
both on one page, so the tier's admin is registered here, with the rules inline (escalation
depends on tickets; tickets knows nothing of the rules).
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from helpdesk.core.errors import ValidationFailed
from tickets.models import Tier

from .models import (
    AgentProfile,
    Escalation,
    OnCallAlert,
    OnCallContact,
    OnCallRequest,
    OnCallShift,
    Page,
    ProgressReminder,
    RotaShift,
    T3Nudge,
    Team,
    TicketRouting,
    TierRules,
)
from .selectors import rules_of
from .services import clean_shift

OUT_OF_THE_TIER = ["research_minutes", "answer_minutes", "transition_comment"]
ON_CALL = [
    "is_on_call",
    "lead_confirms_in_hours",
    "page_after_minutes",
    "contact_list_after_minutes",
]
CUSTOMER_UPDATES = ["progress_update_business_days"]
RULES_FIELDSETS = [
    ("Escalating out of this tier", {"fields": OUT_OF_THE_TIER}),
    ("Updating the customer (seed 004-04)", {"fields": CUSTOMER_UPDATES}),
    ("On-Call", {"fields": ON_CALL}),
]


class TierRulesForm(forms.ModelForm):
    class Meta:
        model = TierRules
        fields = [*OUT_OF_THE_TIER, *CUSTOMER_UPDATES, *ON_CALL]

    def has_changed(self) -> bool:
        # Saved even when left at the defaults: every tier added in admin gets its rules row.
        return True


class TierRulesInline(admin.StackedInline):
    model = TierRules
    form = TierRulesForm
    fieldsets = RULES_FIELDSETS
    min_num = max_num = 1
    can_delete = False
    verbose_name = verbose_name_plural = "escalation rules"


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
    fields = ["name", "code", "slug", "level", "description", "lead", "members"]
    inlines = [TierRulesInline]

    list_select_related = ["rules", "sla_policy"]

    @admin.display(description="transition comment")
    def transition_comment(self, tier):
        return rules_of(tier).get_transition_comment_display()

    @admin.display(description="time box")
    def time_box(self, tier):
        return rules_of(tier).time_box

    @admin.display(description="on-call tier", boolean=True)
    def is_on_call(self, tier):
        return rules_of(tier).is_on_call

    @admin.display(description="calendar and SLA")
    def sla_policy_link(self, tier):
        # The business calendar and thresholds live in the SLA app's policy of the tier.
        policy = getattr(tier, "sla_policy", None)
        if policy is None:
            return format_html('<a href="{}">add</a>', reverse("admin:sla_slapolicy_add"))
        url = reverse("admin:sla_slapolicy_change", args=[policy.pk])
        return format_html('<a href="{}">SLA policy</a>', url)


@admin.register(TierRules)
class TierRulesAdmin(admin.ModelAdmin):
    """The rules of every tier side by side (each is also edited on its tier's page)."""

    list_display = ["tier", "transition_comment", "time_box", "is_on_call", "page_after_minutes"]
    list_select_related = ["tier"]
    fieldsets = [(None, {"fields": ["tier"]}), *RULES_FIELDSETS]

    def get_readonly_fields(self, request, obj=None):
        # The tier is the row's primary key: another tier is another row, not a change.
        return ["tier"] if obj is not None else []


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "speaks_spanish", "authorized_escalator", "phone", "topics"]
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


@admin.register(OnCallRequest)
class OnCallRequestAdmin(ReadOnlyAdmin):
    """Escalations to On-Call held for a lead's confirmation in working hours (seed 003)."""

    list_display = ["ticket", "state", "to_tier", "requested_by", "requested_at", "decided_by"]
    list_filter = ["state"]


@admin.register(Page)
class PageAdmin(ReadOnlyAdmin):
    list_display = ["alert", "step", "recipient", "email", "webhook_status", "created_at"]
    list_filter = ["step", "webhook_status"]


class RotaShiftForm(forms.ModelForm):
    """The rota's rules (``services.clean_shift``) as form errors."""

    class Meta:
        model = RotaShift
        fields = ["rota", "agent", "starts_at", "ends_at", "note"]

    def clean(self):
        cleaned = super().clean()
        try:
            clean_shift(
                rota=cleaned.get("rota", ""),
                agent=cleaned.get("agent"),
                starts_at=cleaned.get("starts_at"),
                ends_at=cleaned.get("ends_at"),
                exclude_pk=self.instance.pk,
            )
        except ValidationFailed as error:
            for name, problems in error.details.get("fields", {}).items():
                for problem in problems:
                    self.add_error(name if name in self.fields else None, problem)
        return cleaned


@admin.register(RotaShift)
class RotaShiftAdmin(admin.ModelAdmin):
    form = RotaShiftForm
    list_display = ["rota", "agent", "starts_at", "ends_at", "note"]
    list_filter = ["rota", "agent"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["agent"]


@admin.register(T3Nudge)
class T3NudgeAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "agent", "week_start", "waiting_since", "nudged_at"]
    list_filter = ["week_start"]


@admin.register(ProgressReminder)
class ProgressReminderAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "agent", "silent_since", "reminded_at"]
    date_hierarchy = "reminded_at"
