"""GET /api/kb/articles/ and /api/kb/articles/<id>/: the help centre's articles for anyone, every
article for agents; search with escaped snippets; the one JSON error shape."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_searches_the_help_centre_with_snippets(publish, settings):
    settings.HELPDESK_BASE_URL = "https://help.example.com"
    article = publish("Export invoices", "Open Billing and press **Export**.")
    publish("Reset your password")

    response = _client().get("/api/kb/articles/", {"search": "export"})

    assert response.status_code == 200
    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    assert row == {
        "id": article.pk,
        "title": "Export invoices",
        "slug": "export-invoices",
        "category": "general",
        "category_name": "General",
        "audience": "public",
        "language": "en",
        "variant_of": None,
        "state": "published",
        "url": f"https://help.example.com/help/articles/{article.pk}-export-invoices/",
        "updated_at": row["updated_at"],
        "published_at": row["published_at"],
        "snippet": "Open Billing and press <mark>Export</mark>.",
    }


def test_the_detail_has_the_text_as_markdown_and_sanitized_html(publish):
    article = publish("Export", "**Bold** <script>alert(1)</script>")

    body = _client(CustomerFactory()).get(f"/api/kb/articles/{article.pk}/").json()

    assert body["body"] == "**Bold** <script>alert(1)</script>"
    assert body["body_html"].startswith("<p><strong>Bold</strong>")
    assert "<script>" not in body["body_html"]
    assert "snippet" not in body


def test_agents_filter_by_state_and_audience(agent, publish, draft):
    publish("Export invoices")
    publish("Disk full", audience="internal")
    draft("Add an administrator")
    client = _client(agent)

    drafts = client.get("/api/kb/articles/", {"state": "draft"}).json()["results"]
    internal = client.get("/api/kb/articles/", {"audience": "internal"}).json()["results"]
    public = _client().get("/api/kb/articles/", {"state": "draft"}).json()["results"]

    assert [row["title"] for row in drafts] == ["Add an administrator"]
    assert [row["title"] for row in internal] == ["Disk full"]
    assert [row["title"] for row in public] == ["Export invoices"]  # the filter is for agents


def test_an_unknown_language_is_a_400_in_the_error_shape():
    response = _client().get("/api/kb/articles/", {"language": "fr"})

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Unknown language 'fr'.",
            "fields": {"language": ["Choose one of: en, es."]},
        }
    }


def test_the_schema_lists_the_knowledge_endpoints():
    schema = _client().get("/api/schema/").content

    assert b"/api/kb/articles/" in schema
    assert b"/api/kb/articles/{id}/" in schema
