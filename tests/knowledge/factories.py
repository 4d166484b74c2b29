"""Knowledge-base factories (the shared ones are in tests/factories.py). Published articles made
here have no version rows: tests about versions publish through the services."""

import factory
from django.utils import timezone

from knowledge.models import Article, Category
from knowledge.states import ArticleState, Audience
from tests.factories import AgentFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Billing {n}")
    slug = factory.Sequence(lambda n: f"billing-{n}")
    position = factory.Sequence(lambda n: n + 1)


def _general():
    return Category.objects.get(slug="general")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"How to export invoices ({n})")
    slug = factory.Sequence(lambda n: f"export-invoices-{n}")
    body = "Open **Billing**, choose the months and press *Export*."
    category = factory.LazyFunction(_general)
    audience = Audience.PUBLIC
    language = "en"
    state = ArticleState.DRAFT
    created_by = factory.SubFactory(AgentFactory)
    updated_by = factory.LazyAttribute(lambda o: o.created_by)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
    state_changed_at = factory.LazyAttribute(lambda o: o.created_at)

    class Params:
        published = factory.Trait(
            state=ArticleState.PUBLISHED, published_at=factory.LazyAttribute(lambda o: o.created_at)
        )
        in_review = factory.Trait(state=ArticleState.IN_REVIEW)
        archived = factory.Trait(state=ArticleState.ARCHIVED)
        internal = factory.Trait(audience=Audience.INTERNAL)
