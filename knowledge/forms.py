"""Forms of the knowledge base's pages: parse and show errors; the services decide."""

from django import forms

from helpdesk.core.forms import BulmaMixin, bulma

from . import selectors
from .models import Article
from .states import ArticleState, Audience, Language

__all__ = ["ArticleForm", "FilterForm", "LinkForm", "SearchForm"]


class FilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    state = forms.ChoiceField(
        choices=[("", "Any state"), *ArticleState.choices], required=False, label="State"
    )
    category = forms.ChoiceField(required=False, label="Category")
    audience = forms.ChoiceField(
        choices=[("", "Any audience"), *Audience.choices], required=False, label="Audience"
    )
    language = forms.ChoiceField(
        choices=[("", "Any language"), *Language.choices], required=False, label="Language"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", "Any category"),
            *((c.slug, c.name) for c in selectors.categories()),
        ]
        bulma(self)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {name: data[name] for name in ("state", "category", "audience", "language")}

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class SearchForm(BulmaMixin, forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label="Address words",
        help_text="A few words for the article's address. Empty: from the title.",
    )
    category = forms.ModelChoiceField(queryset=None, empty_label=None, to_field_name="slug")
    audience = forms.ChoiceField(
        choices=Audience.choices,
        initial=Audience.PUBLIC,
        help_text="Public articles appear in the help centre once published; internal ones "
        "only on the desk.",
    )
    language = forms.ChoiceField(choices=Language.choices, initial=Language.ENGLISH)
    variant_of = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Translation of",
        empty_label="Not a translation",
        help_text="For a Spanish article: the English article it translates.",
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=100_000,
        help_text="Markdown: **bold**, *italic*, lists, links, tables, `code`.",
    )
    related = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Related articles",
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Shown under the article (the help centre shows the published public ones).",
    )

    def __init__(self, *args, article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        exclude = article.pk if article else None
        self.fields["category"].queryset = selectors.categories()
        self.fields["variant_of"].queryset = selectors.english_originals(exclude=exclude)
        others = Article.objects.only("id", "title", "state").order_by("title", "id")
        self.fields["related"].queryset = others.exclude(pk=exclude) if exclude else others
        bulma(self)

    @staticmethod
    def initial_for(article: Article) -> dict:
        return {
            "title": article.title,
            "slug": article.slug,
            "category": article.category.slug,
            "audience": article.audience,
            "language": article.language,
            "variant_of": article.variant_of_id,
            "body": article.body,
            "related": [a.pk for a in article.related.all()],
        }


class LinkForm(forms.Form):
    ticket = forms.IntegerField(min_value=1, max_value=2**63 - 1)
