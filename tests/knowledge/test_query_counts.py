"""The knowledge base's list pages cost the same number of queries for 5 articles and for 50,
and they show them (each test asserts what rendered)."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.models import Article, Category
from tests.knowledge.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    return Category.objects.create(name="Billing", slug="billing", position=1)


def _articles(n, shelf, agent) -> list[Article]:
    now = timezone.now()
    return [
        ArticleFactory(
            title=f"Export invoices, part {i}",
            slug=f"export-invoices-{i}",
            body=f"Invoices part {i}: press Export.",
            category=shelf,
            created_by=agent,
            published=True,
            created_at=now,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [5, 50])
def test_desk_list(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    client = Client()
    client.force_login(agent)
    # session, user, groups, the categories of the filter, count, page (with category and
    # last writer), the bell's unread count
    # (+1: the running timer of the desk header, timesheets)
    with django_assert_num_queries(8):
        response = client.get("/desk/kb/", {"category": "billing"})
    html = response.content.decode()
    assert html.count('<tr data-article="') == n
    for article in articles:
        assert f'<a href="/desk/kb/{article.pk}/">{article.title}</a>' in html
    assert html.count('<td data-label="Category">Billing</td>') == n
    assert html.count(f'<td data-label="Last change">{agent.username}, ') == n


@pytest.mark.parametrize("n", [5, 50])
def test_desk_search(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    client = Client()
    client.force_login(agent)
    # session, user, groups, the categories of the filter, the ranked matches, the bell
    with django_assert_num_queries(7):
        response = client.get("/desk/kb/", {"q": "invoices"})
    html = response.content.decode()
    assert html.count('<li class="kb-hit" data-article="') == n
    assert f"{n} articles match “invoices”, best match first." in html
    for article in articles:
        assert f'href="/desk/kb/{article.pk}/">' in html


@pytest.mark.parametrize("n", [5, 50])
def test_help_centre_home(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    client = Client()
    # the categories with their counts, their articles
    with django_assert_num_queries(2):
        response = client.get("/help/")
    html = response.content.decode()
    assert html.count('<li lang="en"><a href="/help/articles/') == min(n, 6)
    first = sorted(articles, key=lambda a: a.title)[0]
    assert f'href="/help/articles/{first.pk}-{first.slug}/">{first.title}</a>' in html
    assert (f"All {n} articles" in html) is (n > 6)


@pytest.mark.parametrize("n", [5, 50])
def test_help_centre_category(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    # the category, its articles
    with django_assert_num_queries(2):
        response = Client().get("/help/categories/billing/")
    html = response.content.decode()
    assert html.count('data-article="') == n
    for article in articles:
        assert f'href="/help/articles/{article.pk}-{article.slug}/">{article.title}</a>' in html


@pytest.mark.parametrize("n", [5, 50])
def test_help_centre_search(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    # the ranked matches with their snippets
    with django_assert_num_queries(1):
        response = Client().get("/help/search/", {"q": "invoices"})
    html = response.content.decode()
    assert html.count('<li class="kb-hit" lang="en" data-article="') == n
    for article in articles:
        assert f'href="/help/articles/{article.pk}-{article.slug}/">' in html


@pytest.mark.parametrize("n", [5, 50])
def test_api_list(agent, shelf, n, django_assert_num_queries):
    articles = _articles(n, shelf, agent)
    client = APIClient()
    # count, page with categories
    with django_assert_num_queries(2):
        response = client.get("/api/kb/articles/")
    rows = response.json()["results"]
    assert sorted(row["id"] for row in rows) == sorted(a.pk for a in articles)
    assert {row["category"] for row in rows} == {"billing"}
