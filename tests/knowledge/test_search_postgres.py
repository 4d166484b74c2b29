"""The article search on PostgreSQL: a stored tsvector (title weighted A, body B) kept by a
trigger in the article's language, English and Spanish stemming, ranking, highlighted titles."""

import pytest
from django.db import connection

from knowledge import selectors, services
from knowledge.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _titles(hits) -> list[str]:
    return [hit.article.title for hit in hits]


def test_the_trigger_keeps_the_vector_in_the_articles_language(agent, draft):
    article = draft("Facturas del mes", "Exportar las facturas.", language="es")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM knowledge_article WHERE id = %s", [article.pk]
        )
        vector = cursor.fetchone()[0]
    services.update_article(article, actor=agent, title="Recibos")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM knowledge_article WHERE id = %s", [article.pk]
        )
        updated = cursor.fetchone()[0]

    assert vector == "'export':4B 'factur':1A,6B 'mes':3A"
    assert updated == "'export':2B 'factur':4B 'recib':1A"


def test_english_and_spanish_words_find_their_articles_by_their_stems(publish):
    publish("Exporting invoices", "Press Export on the billing page.")
    original = Article.objects.get()
    publish("Exportar las facturas", "Pulse Exportar en la página de facturación.",
            language="es", variant_of=original)  # fmt: skip
    within = selectors.help_centre_articles()

    assert _titles(selectors.search("invoice exports", within=within)) == ["Exporting invoices"]
    assert _titles(selectors.search("factura", within=within)) == ["Exportar las facturas"]
    spanish = selectors.search("facturas", within=within)[0]
    assert spanish.title == "Exportar las <mark>facturas</mark>"
    assert "<mark>facturación</mark>" in spanish.snippet


def test_the_title_outranks_a_text_that_repeats_the_word(publish):
    publish("Billing overview", "Refunds. A refund takes days; each refund is mailed.")
    publish("Ask for a refund", "Open Billing.")

    hits = selectors.search("refund", within=selectors.help_centre_articles())

    assert _titles(hits) == ["Ask for a refund", "Billing overview"]
    assert hits[0].rank > hits[1].rank
    assert hits[0].title == "Ask for a <mark>refund</mark>"


def test_web_search_syntax_quotes_and_minus(publish):
    publish("Reset your password", "Use the reset link.")
    publish("Reset the two-factor code", "Scan the code again.")
    within = selectors.help_centre_articles()

    assert _titles(selectors.search("reset -password", within=within)) == [
        "Reset the two-factor code"
    ]
    assert _titles(selectors.search('"reset link"', within=within)) == ["Reset your password"]


def test_suggestions_rank_articles_holding_more_of_the_subjects_words(publish):
    publish("Reset your password", "The reset email arrives within five minutes.")
    publish("Change your email address", "Open your profile.")
    publish("Export invoices", "Open Billing.")

    hits = selectors.search(
        "The password reset email never arrives",
        within=selectors.help_centre_articles(),
        any_word=True,
    )

    assert _titles(hits) == ["Reset your password", "Change your email address"]
