"""Admin of seed 003-60's partner directory (contacts inline) and 003-61's partner tickets
(read-only here: recorded from the ticket page, which also writes the internal note)."""

from django.contrib import admin

from helpdesk.core.admin_actions import ReadOnlyAdmin

from .models import Partner, PartnerContact, PartnerTicket


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1
    fields = ["name", "email", "role", "preferred"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name", "notes", "contacts__name", "contacts__email"]
    inlines = [PartnerContactInline]


@admin.register(PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    """Every partner's contacts in one list, to find who to write to across partners; usually
    edited on their partner's page."""

    list_display = ["name", "email", "role", "preferred", "partner"]
    list_filter = ["preferred"]
    list_select_related = ["partner"]
    search_fields = ["name", "email", "role", "partner__name"]


@admin.register(PartnerTicket)
class PartnerTicketAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "partner", "reference", "url", "added_by", "added_at"]
    list_select_related = ["partner", "added_by"]
    search_fields = ["reference", "partner__name"]
