"""Admin: every model, status read-only; status changes only through actions calling services."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from helpdesk.core.admin_actions import ReadOnlyAdmin, service_action
from helpdesk.core.errors import DomainError

from . import services
from .models import (
    Attachment,
    CustomerProfile,
    DeepDiveVersion,
    IntakeConfirmation,
    Message,
    Organization,
    OrganizationDocument,
    OrganizationProfile,
    OutOfScopeReply,
    ProfileChange,
    QuestionDiscussed,
    SavedView,
    SearchDocument,
    SideThread,
    Tag,
    Ticket,
    TicketCC,
    TicketFindings,
    TicketPresence,
    TimerPolicy,
    TransitionLog,
)


class CustomerInline(admin.TabularInline):
    model = CustomerProfile
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CustomerInline]


@admin.register(CustomerProfile)
class CustomerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "is_manager"]
    list_filter = ["organization", "is_manager"]
    search_fields = ["user__username", "user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    fields = ["kind", "author", "body", "created_at"]
    readonly_fields = fields
    can_delete = False


class TransitionInline(admin.TabularInline):
    model = TransitionLog
    extra = 0
    fields = ["created_at", "actor", "transition", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


def _transition_action(name: str, label: str):
    return service_action(
        lambda ticket, user: services.transition(ticket, actor=user, name=name),
        name=f"transition_{name}",
        label=f"{label} selected tickets",
        done=("%d ticket changed.", "%d tickets changed."),
        describe=lambda ticket: f"#{ticket.pk}",
    )


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subject",
        "status",
        "category",
        "priority",
        "tier",
        "organization",
        "assignee",
        "created_at",
    ]
    list_filter = ["status", "category", "priority", "tier", "organization"]
    search_fields = ["=id", "subject", "requester__username", "organization__name"]
    list_select_related = ["tier", "organization", "assignee"]
    autocomplete_fields = ["requester", "organization", "assignee", "linked_from", "tags"]
    readonly_fields = [
        "status",
        "created_at",
        "updated_at",
        "status_changed_at",
        "pending_since",
        "reminder_sent_at",
        "waiting_since",
        "hold_until",
        "resolved_at",
        "closed_at",
        "remind_at",
        "auto_resolve_at",
        "wait_until",
        "close_at",
        "first_response_at",
        "last_customer_activity_at",
        "last_staff_activity_at",
        "last_word",
    ]
    inlines = [MessageInline, TransitionInline]
    actions = [
        _transition_action("resolve", "Resolve"),
        _transition_action("close", "Close"),
        _transition_action("reopen", "Reopen"),
        _transition_action("set_pending", "Set Pending"),
        _transition_action("wait_on_customer", "Wait on customer for"),
    ]

    def has_add_permission(self, request):
        # New tickets come through the portal, the desk or the API, where the rules run.
        return False

    def save_model(self, request, obj, form, change):
        """Edits go through ``services.edit_ticket``: a new tier moves the SLA clocks and
        notes the timeline, a new assignee obeys the assignment rules (Spanish), new tags link
        known issues; a refused edit changes nothing and says why."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.edit_ticket(obj, actor=request.user, changes=changes)
        except DomainError as error:
            request._ticket_edit_refused = True
            self.message_user(request, error.message, level=messages.ERROR)

    def log_change(self, request, obj, message):
        if getattr(request, "_ticket_edit_refused", False):
            return None  # nothing changed: no "changed" entry in the admin's history
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_ticket_edit_refused", False):
            return HttpResponseRedirect(request.path)  # back to the form, with the reason
        return super().response_change(request, obj)

    def save_related(self, request, form, formsets, change):
        # The tags were saved by the service; the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "ticket", "kind", "author", "created_at"]
    list_filter = ["kind"]
    search_fields = ["body", "=ticket__id"]
    list_select_related = ["ticket", "author"]
    readonly_fields = ["ticket", "kind", "author", "created_at"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "filename", "ticket", "content_type", "size", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["filename", "=ticket__id"]
    readonly_fields = ["ticket", "message", "file", "size", "content_type", "uploaded_by"]


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "transition", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["transition", "from_status", "to_status"]
    search_fields = ["=ticket__id", "comment"]
    list_select_related = ["ticket", "actor"]


@admin.register(TimerPolicy)
class TimerPolicyAdmin(admin.ModelAdmin):
    """One row per timer, created by a migration: edit the durations, never add or delete."""

    list_display = ["timer", "days", "unit"]
    list_editable = ["days", "unit"]
    list_display_links = ["timer"]
    readonly_fields = ["timer"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TicketCC)
class TicketCCAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "email", "source", "added_at"]
    search_fields = ["email", "=ticket__id"]


@admin.register(SideThread)
class SideThreadAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "subject", "started_by", "started_at"]
    search_fields = ["subject", "=ticket__id"]


@admin.register(TicketPresence)
class TicketPresenceAdmin(ReadOnlyAdmin):
    """Who had a desk ticket page open (written by the page's live poll; 30 s is gone)."""

    list_display = ["ticket", "user", "seen_at", "typing_since"]
    search_fields = ["=ticket__id", "user__username"]


@admin.register(SearchDocument)
class SearchDocumentAdmin(ReadOnlyAdmin):
    """The search index, written by PostgreSQL triggers (docs/decisions/0012-search.md)."""

    list_display = ["ticket", "message", "public", "language"]
    list_filter = ["public", "language"]
    search_fields = ["=ticket__id"]
    exclude = ["vector"]


@admin.register(SavedView)
class SavedViewAdmin(ReadOnlyAdmin):
    """The desk queue's saved views, personal or shared with a tier: saved, renamed and made a
    tier's default on the queue (the services keep one default per tier); here listed, opened
    and deleted."""

    list_display = ["name", "owner", "shared_with_tier", "is_default", "query", "updated_at"]
    list_filter = ["shared_with_tier", "is_default"]
    search_fields = ["name", "owner__username", "query"]
    list_select_related = ["owner", "shared_with_tier"]


@admin.register(TicketFindings)
class TicketFindingsAdmin(ReadOnlyAdmin):
    """A ticket's findings: recorded and changed on the desk ticket page (the service keeps
    their search text and timeline line, and tells the knowledge base about a doc change);
    here listed and read."""

    list_display = ["ticket", "outcome", "workaround_active", "doc_change", "author", "updated_at"]
    list_filter = ["outcome", "workaround_active", "doc_change"]
    search_fields = ["=ticket__id", "cause", "fix"]
    list_select_related = ["ticket", "author"]


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(admin.ModelAdmin):
    """Editable here as on the desk's organization page, through the same service: every change
    is recorded with its author (``ProfileChange``), a refused one changes nothing."""

    list_display = ["organization", "account_manager", "preferred_contact", "updated_at"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "account_manager"]
    autocomplete_fields = ["organization", "account_manager"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "organization"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.profiles.FIELDS
        }
        try:
            services.edit_profile(obj.organization, actor=request.user, values=values)
        except DomainError as error:
            request._profile_edit_refused = True
            self.message_user(request, error.message, level=messages.ERROR)
            return
        saved = OrganizationProfile.objects.get(organization=obj.organization)
        obj.pk = saved.pk

    def log_change(self, request, obj, message):
        if getattr(request, "_profile_edit_refused", False):
            return None
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        if getattr(request, "_profile_edit_refused", False) or obj.pk is None:
            return None
        return super().log_addition(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_profile_edit_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_profile_edit_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)


@admin.register(ProfileChange)
class ProfileChangeAdmin(ReadOnlyAdmin):
    """Every change to an organization's profile, with its author: written by the service."""

    list_display = ["organization", "author", "at"]
    list_select_related = ["organization", "author"]
    search_fields = ["organization__name", "author__username"]


@admin.register(DeepDiveVersion)
class DeepDiveVersionAdmin(ReadOnlyAdmin):
    """The Deep Dive's versions: written on the desk's organization page."""

    list_display = ["organization", "number", "author", "created_at", "ticket"]
    list_select_related = ["organization", "author"]
    search_fields = ["organization__name"]


@admin.register(OrganizationDocument)
class OrganizationDocumentAdmin(ReadOnlyAdmin):
    """The client's documents: added and downloaded on the desk's organization page."""

    list_display = ["filename", "organization", "size", "uploaded_by", "created_at"]
    list_select_related = ["organization", "uploaded_by"]
    search_fields = ["filename", "organization__name"]


@admin.register(OutOfScopeReply)
class OutOfScopeReplyAdmin(admin.ModelAdmin):
    """The polite reply per reason for the desk's "Out of scope" (seed 000); a reason without a
    row sends the built-in text."""

    list_display = ["reason", "body"]


@admin.register(QuestionDiscussed)
class QuestionDiscussedAdmin(ReadOnlyAdmin):
    """Seed 001: which Questions were discussed with the customer (recorded on the desk)."""

    list_display = ["ticket", "discussed_by", "discussed_at"]


@admin.register(IntakeConfirmation)
class IntakeConfirmationAdmin(ReadOnlyAdmin):
    """Seed 004: the customers' answers about the intake summary (given on the portal)."""

    list_display = ["ticket", "correct", "answered_by", "answered_at"]


from . import partner_admin  # noqa: E402, F401  seed 003-60: the partner directory
