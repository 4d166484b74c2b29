"""The knowledge-base API: read-only. Anyone (no token) and customers get the help centre's
articles (public, published); agents every article, with its state and audience filters.
Errors use the one JSON shape (404 for an article the caller may not read, never 403)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core import links
from helpdesk.core.errors import ValidationFailed
from helpdesk.core.markdown import render_markdown

from . import policies, selectors
from .models import Article
from .states import ArticleState, Audience, Language

SEARCH_RESULTS = 50


class ArticleOut(serializers.ModelSerializer):
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    variant_of = serializers.IntegerField(source="variant_of_id", allow_null=True)
    url = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(
        help_text="With ?search=: a few words of the text, matched words in <mark>, the rest "
        "escaped HTML."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "slug",
            "category",
            "category_name",
            "audience",
            "language",
            "variant_of",
            "state",
            "url",
            "updated_at",
            "published_at",
            "snippet",
        ]

    def get_url(self, article) -> str:
        """The help centre's page of a public article, else the desk's."""
        if article.is_public:
            return links.absolute_url("help-article", article.pk, article.slug)
        return links.absolute_url("kb-detail", article.pk)

    def get_snippet(self, article) -> str | None:
        snippets = self.context.get("snippets")
        return None if snippets is None else str(snippets.get(article.pk, ""))


class ArticleDetailOut(ArticleOut):
    body = serializers.CharField(help_text="Markdown.")
    body_html = serializers.SerializerMethodField(help_text="The text as sanitized HTML.")

    class Meta(ArticleOut.Meta):
        fields = [*(f for f in ArticleOut.Meta.fields if f != "snippet"), "body", "body_html"]

    def get_body_html(self, article) -> str:
        return str(render_markdown(article.body))


def _choice(params, name: str, choices) -> str:
    value = params.get(name, "")
    if value and value not in choices.values:
        message = f"Choose one of: {', '.join(choices.values)}."
        raise ValidationFailed(f"Unknown {name} {value!r}.", fields={name: [message]})
    return value


class ArticleListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Words; best match first."),
            OpenApiParameter("category", OpenApiTypes.STR, description="A category's slug."),
            OpenApiParameter("language", OpenApiTypes.STR, enum=Language.values),
            OpenApiParameter(
                "state", OpenApiTypes.STR, enum=ArticleState.values, description="Agents only."
            ),
            OpenApiParameter(
                "audience", OpenApiTypes.STR, enum=Audience.values, description="Agents only."
            ),
        ],
        responses=ArticleOut(many=True),
    )
    def get(self, request):
        params = request.query_params
        language = _choice(params, "language", Language)
        if policies.may_use_desk(request.user):
            articles = selectors.desk_articles(
                state=_choice(params, "state", ArticleState),
                audience=_choice(params, "audience", Audience),
                category=params.get("category", ""),
                language=language,
            )
        else:
            articles = selectors.help_centre_articles().select_related("category")
            if params.get("category"):
                articles = articles.filter(category__slug=params["category"])
            if language:
                articles = articles.filter(language=language)
        text = params.get("search", "")
        context: dict = {}
        if text.strip():
            hits = selectors.search(text, within=articles, limit=SEARCH_RESULTS)
            context["snippets"] = {hit.article.pk: hit.snippet for hit in hits}
            rows: list[Article] = [hit.article for hit in hits]
        else:
            rows = articles  # type: ignore[assignment]
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ArticleOut(page, many=True, context=context).data)


class ArticleDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ArticleDetailOut)
    def get(self, request, pk):
        return Response(ArticleDetailOut(selectors.get_article(request.user, pk)).data)
