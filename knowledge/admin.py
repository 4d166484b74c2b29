"""Admin: categories; articles, whose state changes are admin actions calling the services (the
same rules as on the desk: leads publish); text edits go through ``services.update_article``;
published versions and the state log are read-only."""

from django.contrib import admin, messages

from helpdesk.core.admin_actions import ReadOnlyAdmin, service_action
from helpdesk.core.errors import DomainError

from . import services
from .models import (
    Article,
    ArticleLink,
    ArticleTransitionLog,
    ArticleVersion,
    ArticleVote,
    Category,
    Deflection,
    DocRequest,
    DocRequestTicket,
)


def _article_action(name: str, label: str):
    return service_action(
        lambda article, user: services.transition_article(article, actor=user, name=name),
        name=f"article_{name}",
        label=f"{label} selected articles",
        done=("%d article moved.", "%d articles moved."),
        describe=lambda article: f"Article {article.pk} “{article.title}”",
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class VersionInline(admin.TabularInline):
    model = ArticleVersion
    fields = ["number", "title", "author", "published_by", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TransitionInline(admin.TabularInline):
    model = ArticleTransitionLog
    fields = ["created_at", "actor", "transition", "from_state", "to_state"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "category", "audience", "language", "state", "updated_at"]
    list_filter = ["state", "audience", "language", "category"]
    search_fields = ["=id", "title", "slug"]
    list_select_related = ["category"]
    autocomplete_fields = ["variant_of", "related"]
    fields = [
        "title",
        "slug",
        "category",
        "audience",
        "language",
        "variant_of",
        "body",
        "related",
        "state",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "published_at",
    ]
    readonly_fields = [
        "state",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "published_at",
    ]
    inlines = [VersionInline, TransitionInline]
    actions = [
        _article_action("submit", "Submit for review:"),
        _article_action("publish", "Publish"),
        _article_action("archive", "Archive"),
        _article_action("rework", "Rework as drafts:"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    def has_add_permission(self, request) -> bool:
        # Articles are written on the desk (/desk/kb/new/), where the rules run.
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Edits go through the service: a published article's change is its next version."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        changes.pop("related", None)
        if not changes:
            return
        try:
            services.update_article(obj, actor=request.user, **changes)
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if "related" in form.changed_data:
            try:
                services.update_article(
                    form.instance, actor=request.user, related=list(form.cleaned_data["related"])
                )
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "title", "author", "published_by", "published_at"]
    list_select_related = ["article", "author", "published_by"]
    search_fields = ["=article__id", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__search_vector")


@admin.register(ArticleTransitionLog)
class ArticleTransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["article", "transition", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["transition", "from_state", "to_state"]
    list_select_related = ["article", "actor"]


@admin.register(ArticleVote)
class ArticleVoteAdmin(ReadOnlyAdmin):
    list_display = ["article", "helpful", "visitor", "updated_at"]
    list_filter = ["helpful"]
    list_select_related = ["article"]


@admin.register(Deflection)
class DeflectionAdmin(ReadOnlyAdmin):
    list_display = ["article", "subject", "visitor", "created_at"]
    list_select_related = ["article"]
    search_fields = ["subject"]


@admin.register(ArticleLink)
class ArticleLinkAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "article", "linked_by", "created_at"]
    list_select_related = ["ticket", "article", "linked_by"]
    search_fields = ["=ticket__id", "=article__id"]


class DocRequestTicketInline(admin.TabularInline):
    model = DocRequestTicket
    fields = ["ticket", "why", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DocRequest)
class DocRequestAdmin(ReadOnlyAdmin):
    """Doc requests are written by the services (the desk's queue acts on them): read here."""

    list_display = ["title", "kind", "status", "source", "article", "created_at"]
    list_filter = ["status", "kind", "source"]
    list_select_related = ["article"]
    search_fields = ["title", "=asked_by__ticket__id"]
    inlines = [DocRequestTicketInline]


from . import macro_admin  # noqa: E402, F401  (the macros' admin)
