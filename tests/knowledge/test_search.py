"""The article search on any database: every word must match (or any, for the portal's
suggestions), a title match first, snippets escaped with only the matched words marked."""

import pytest
from django.test import Client

from knowledge import selectors

pytestmark = pytest.mark.django_db


def _titles(hits) -> list[str]:
    return [hit.article.title for hit in hits]


def test_a_title_match_ranks_above_a_text_match(publish):
    publish("Billing overview", "How to export invoices each month.")
    publish("Export invoices", "Open Billing and press the button.")

    hits = selectors.search("invoices", within=selectors.help_centre_articles())

    assert _titles(hits) == ["Export invoices", "Billing overview"]


def test_every_word_must_match_but_a_suggestion_needs_only_one(publish):
    publish("Export invoices", "Open Billing.")
    publish("Reset your password", "Use the link in the email.")

    within = selectors.help_centre_articles()

    assert _titles(selectors.search("export password", within=within)) == []
    assert sorted(_titles(selectors.search("export password", within=within, any_word=True))) == [
        "Export invoices",
        "Reset your password",
    ]


def test_snippets_are_escaped_and_only_the_matched_words_are_marked(publish):
    publish("Scripts in exports", "An <script>alert(1)</script> in an export is shown as text.")

    hit = selectors.search("export", within=selectors.help_centre_articles())[0]

    # SQLite shows the tag as text; PostgreSQL's ts_headline leaves tags out: never markup.
    assert "<script>" not in hit.snippet
    assert "<mark>export</mark> is shown as text." in hit.snippet
    assert str(hit.snippet).replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_the_desk_search_keeps_the_filters(publish, draft, agent):
    publish("Export invoices")
    draft("Export a report")
    client = Client()
    client.force_login(agent)

    html = client.get("/desk/kb/", {"q": "export", "state": "draft"}).content.decode()

    assert "1 article matches “export”, best match first." in html
    assert "<mark>Export</mark> a report" in html
    assert "invoices" not in html


def test_an_empty_query_finds_nothing(publish):
    publish("Export invoices")

    assert selectors.search("   ", within=selectors.help_centre_articles()) == []
