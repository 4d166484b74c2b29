"""Categories, articles, their published versions and their state log.

No logic in ``save()``: ``knowledge.services`` writes every row. ``Article.search_vector`` is
kept by a PostgreSQL trigger (migration 0001; title weighted A, body B, read in the article's
language); on SQLite it stays empty and the search reads the text columns.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField

from helpdesk.core import fsm

from ..states import ArticleState, Audience, Language
from ..workflow import ArticleWorkflow


class Category(models.Model):
    """A shelf of the help centre (Zendesk's sections, Freshdesk's folders)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, help_text="Its address: /help/<slug>/.")
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower comes first in the help centre."
    )

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Article(ConcurrentTransitionMixin, ArticleWorkflow, models.Model):
    """One article of the knowledge base, in one language.

    Public articles are in the help centre once published; internal ones only on the desk. A
    Spanish article may be the variant of an English one (``variant_of``), one per language.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80, help_text="Words of its address; the number before it is what counts."
    )
    body = models.TextField(help_text="Markdown.")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PUBLIC)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    variant_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variants",
        help_text="The English article this one translates.",
    )
    related = models.ManyToManyField("self", blank=True, help_text="Shown under the article.")
    state = FSMField(
        max_length=16, choices=ArticleState.choices, default=ArticleState.DRAFT, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who last changed the text: the author of the next published version.",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    state_changed_at = models.DateTimeField()
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When its current version was published."
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["state", "audience", "category"], name="article_shelf_idx"),
            models.Index(fields=["updated_at", "id"], name="article_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(variant_of__isnull=True) | ~Q(language=Language.ENGLISH),
                name="article_variant_not_english",
                violation_error_message="Only a Spanish article can be the variant of an "
                "English one.",
            ),
            models.UniqueConstraint(
                fields=["variant_of", "language"],
                condition=Q(variant_of__isnull=False),
                name="article_one_variant_per_language",
                violation_error_message="That English article already has a variant in this "
                "language.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def in_help_centre(self) -> bool:
        """What anyone may read at /help/: public and published."""
        return self.audience == Audience.PUBLIC and self.state == ArticleState.PUBLISHED


class ArticleVersion(models.Model):
    """A published text of an article, kept for good: number 1 is its first publication."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who wrote this text (the last to change it before it was published).",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="article_version_number_unique",
                violation_error_message="This article already has a version with that number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}: {self.title}"


class ArticleTransitionLog(fsm.TransitionLog):
    """Every state change of an article: who, when, from, to."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=ArticleState.choices)
    to_state = models.CharField(max_length=16, choices=ArticleState.choices)

    class Meta(fsm.TransitionLog.Meta):
        verbose_name = "article state change"
        indexes = [models.Index(fields=["article", "created_at"], name="article_transition_idx")]

    def __str__(self) -> str:
        return f"Article {self.article_id}: {self.from_state} → {self.to_state}"
