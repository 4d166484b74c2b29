"""Admin actions that run a service on each selected row: the row's change goes through the same
rules as on the desk, a refusal is reported with the service's own sentence, and one row's
refusal does not hold back the others."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.utils.translation import ngettext

from .errors import DomainError


def service_action(
    apply: Callable[[Any, Any], object],
    *,
    name: str,
    label: str,
    done: tuple[str, str],
    describe: Callable[[Any], str],
):
    """An admin action ``name`` that calls ``apply(row, user)`` for each selected row.

    ``done`` is the (singular, plural) message with ``%d``; ``describe(row)`` names a row in a
    refusal ("#12", "Task 4")."""

    def action(modeladmin, request, queryset):
        applied, failed = 0, []
        for row in queryset:
            try:
                apply(row, request.user)
            except DomainError as error:
                failed.append(f"{describe(row)}: {error.message}")
            else:
                applied += 1
        if applied:
            modeladmin.message_user(request, ngettext(*done, applied) % applied)
        for failure in failed:
            modeladmin.message_user(request, failure, level=messages.ERROR)

    action.__name__ = name
    action.short_description = label  # type: ignore[attr-defined]  # Django reads it
    return action


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log that only the services write (transition logs): listed and opened, never added or
    changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
