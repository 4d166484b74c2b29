"""The demo knowledge base is idempotent and goes through the services; admin lists every model,
moves articles only through the services (leads publish), and edits through them too."""

import pytest
from django.contrib import admin
from django.test import Client

from knowledge import demo, models
from knowledge.models import Article, ArticleLink, ArticleVersion
from tests.factories import UserFactory
from tickets.demo import seed_demo as seed_tickets

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_the_demo_seeds_its_articles_once():
    seed_tickets()

    first = demo.seed_demo()
    second = demo.seed_demo()

    assert first == "Knowledge: 6 articles created, 6 in all."
    assert second == "Knowledge: 0 articles created, 6 in all."
    states = dict(Article.objects.values_list("slug", "state"))
    assert states["second-administrator"] == "in_review"
    assert sum(state == "published" for state in states.values()) == 5
    spanish = Article.objects.get(language="es")
    assert spanish.variant_of.slug == "password-reset-email"
    assert Article.objects.get(audience="internal").slug == "server-disk-full"
    assert ArticleVersion.objects.filter(article__slug="export-invoices").count() == 2
    assert ArticleLink.objects.count() >= 3


@pytest.mark.parametrize(
    "model",
    [
        models.Category,
        models.Article,
        models.ArticleVersion,
        models.ArticleTransitionLog,
        models.ArticleVote,
        models.Deflection,
        models.ArticleLink,
    ],
)
def test_every_model_is_in_admin(model, publish):
    publish("Export invoices")
    assert admin.site.is_registered(model)
    meta = model._meta

    response = _admin().get(f"/admin/{meta.app_label}/{meta.model_name}/")

    assert response.status_code == 200


def test_admin_publishes_through_the_services_and_keeps_the_version(draft):
    article = draft("Export invoices")

    response = _admin().post(
        "/admin/knowledge/article/",
        {"action": "article_publish", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "1 article moved." in response.content.decode()
    assert Article.objects.get().state == "published"
    assert ArticleVersion.objects.get().number == 1


def test_an_admin_action_that_is_not_allowed_says_why(publish):
    article = publish("Export invoices")

    response = _admin().post(
        "/admin/knowledge/article/",
        {"action": "article_submit", "_selected_action": [article.pk]},
        follow=True,
    )

    assert f"Article {article.pk} “Export invoices”: Article {article.pk} cannot be moved" in (
        response.content.decode()
    )
    assert Article.objects.get().state == "published"


def test_an_admin_edit_of_a_published_article_is_its_next_version(publish):
    article = publish("Export invoices", "Old.")
    data = {
        "title": "Export invoices",
        "slug": article.slug,
        "category": article.category_id,
        "audience": "public",
        "language": "en",
        "variant_of": "",
        "body": "New.",
        "related": [],
        # The read-only inlines (versions, state log) send no rows.
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }

    response = _admin().post(f"/admin/knowledge/article/{article.pk}/change/", data)

    assert response.status_code == 302
    assert list(ArticleVersion.objects.order_by("number").values_list("body", flat=True)) == [
        "Old.",
        "New.",
    ]
