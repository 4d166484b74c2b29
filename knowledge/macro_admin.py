"""Admin: macros with their text checked as on the desk (placeholders, tags), and their uses,
read only (a use is written when a reply is sent)."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from helpdesk.core.errors import ValidationFailed
from tickets import services as tickets

from . import macro_text
from .macro_models import Macro, MacroUse


class MacroAdminForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = [
            "name",
            "shortcut",
            "language",
            "body",
            "scope",
            "owner",
            "tier",
            "team",
            "add_tags",
            "set_category",
            "set_priority",
            "set_status",
            "link_article",
        ]

    def clean_shortcut(self) -> str:
        return self.cleaned_data["shortcut"].strip().lstrip("/").lower()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        problems = macro_text.problems(body)
        if problems:
            raise forms.ValidationError(problems)
        return body

    def clean_add_tags(self) -> str:
        try:
            return ", ".join(tickets.clean_tag_names(self.cleaned_data["add_tags"].split(",")))
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    form = MacroAdminForm
    list_display = ["shortcut", "name", "language", "scope", "owner", "tier", "team"]
    list_display += ["use_count", "last_used_at"]
    list_filter = ["language", "scope", "tier", "team"]
    search_fields = ["shortcut", "name", "body"]
    list_select_related = ["owner", "tier", "team"]
    raw_id_fields = ["owner"]
    readonly_fields = ["use_count", "last_used_at", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "shortcut", "language", "body"]}),
        ("Who may use it", {"fields": ["scope", "owner", "tier", "team"]}),
        (
            "When the reply is sent",
            {"fields": ["add_tags", "set_category", "set_priority", "set_status", "link_article"]},
        ),
        ("Use", {"fields": readonly_fields}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        now = timezone.now()
        if not change:
            obj.created_by, obj.created_at = request.user, now
        obj.updated_at = now
        super().save_model(request, obj, form, change)


@admin.register(MacroUse)
class MacroUseAdmin(admin.ModelAdmin):
    list_display = ["macro", "agent", "ticket", "at"]
    list_select_related = ["macro", "agent"]
    list_filter = ["macro"]
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
