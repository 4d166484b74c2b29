"""The desk's knowledge pages (write, submit, publish, refusals with their status), the portal's
new-ticket form with its suggestions, the help centre's pages and the leads' Knowledge table."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from knowledge import selectors, services
from knowledge.models import Article, ArticleVersion, Deflection
from tests.factories import CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(**changes) -> dict:
    data = {
        "title": "Export your invoices",
        "slug": "",
        "category": "general",
        "audience": "public",
        "language": "en",
        "variant_of": "",
        "body": "Open **Billing** and press *Export*.",
    }
    return {**data, **changes}


# --- writing on the desk ---------------------------------------------------------------------


def test_an_agent_writes_a_draft_from_the_desk(agent):
    client = _signed_in(agent)

    response = client.post(reverse("kb-create"), _form())

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/kb/{article.pk}/"
    assert (article.title, article.slug, article.state, article.created_by) == (
        "Export your invoices",
        "export-your-invoices",
        "draft",
        agent,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved. Submit it for review when it is ready." in page
    assert "<strong>Billing</strong>" in page
    assert '<button type="submit" class="button is-link">Submit for review</button>' in page
    assert ">Publish</button>" not in page


def test_a_form_without_a_title_or_text_is_shown_again_with_its_errors(agent):
    before = world()

    response = _signed_in(agent).post(reverse("kb-create"), _form(title="", body=""))

    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert world() == before


def test_an_agent_submits_and_a_lead_publishes_from_the_article_page(agent, lead, draft):
    article = draft("Export invoices")
    url = reverse("kb-transition", args=[article.pk])

    submitted = _signed_in(agent).post(url, {"transition": "submit", "expected_state": "draft"})
    refused = _signed_in(agent).post(url, {"transition": "publish"})
    reviewer = _signed_in(lead)
    published = reviewer.post(url, {"transition": "publish", "expected_state": "in_review"})

    assert submitted.status_code == 302
    assert refused.status_code == 403
    assert "Only leads may publish an article." in refused.content.decode()
    assert published.status_code == 302
    assert Article.objects.get().state == "published"
    page = reviewer.get(published["Location"]).content.decode()
    assert "Published." in page
    assert "Open in the help centre" in page


def test_a_stale_button_is_a_409_and_changes_nothing(lead, draft):
    article = draft("Export invoices")
    services.transition_article(article, actor=lead, name="archive")
    before = world()

    response = _signed_in(lead).post(
        reverse("kb-transition", args=[article.pk]),
        {"transition": "publish", "expected_state": "draft"},
    )

    assert response.status_code == 409
    assert "changed while you were looking at it: it is now Archived" in response.content.decode()
    assert world() == before


def test_an_agent_cannot_open_the_editor_of_a_published_article(agent, publish):
    article = publish("Export invoices")

    response = _signed_in(agent).get(reverse("kb-edit", args=[article.pk]))

    assert response.status_code == 403
    assert "only a lead changes its text" in response.content.decode()
    assert "<form" not in response.content.decode().split("</nav>", 2)[-1]


def test_a_lead_edits_a_published_article_and_publishes_version_2(lead, publish):
    article = publish("Export invoices", "Old.")

    response = _signed_in(lead).post(
        reverse("kb-edit", args=[article.pk]), _form(title="Export invoices", body="New.")
    )

    assert response.status_code == 302
    assert list(ArticleVersion.objects.values_list("number", "body").order_by("number")) == [
        (1, "Old."),
        (2, "New."),
    ]


def test_a_spanish_variant_is_written_from_the_form(agent, publish):
    original = publish("Reset your password")

    _signed_in(agent).post(
        reverse("kb-create"),
        _form(title="Restablecer la contraseña", language="es", variant_of=original.pk),
    )
    refused = _signed_in(agent).post(
        reverse("kb-create"), _form(title="Otra", language="es", variant_of=original.pk)
    )

    assert Article.objects.get(language="es").variant_of == original
    assert refused.status_code == 400
    assert "already has a Spanish variant" in refused.content.decode()


def test_the_list_filters_by_state_and_category(agent, publish, draft):
    publish("Export invoices")
    draft("Add an administrator")

    html = _signed_in(agent).get("/desk/kb/", {"state": "draft"}).content.decode()

    assert "Add an administrator" in html
    assert "Export invoices" not in html


# --- the portal's new-ticket form ------------------------------------------------------------


def test_the_portal_form_has_the_suggestions_beside_the_subject(customer):
    html = _signed_in(customer).get("/portal/new/").content.decode()

    assert 'id="kb-suggestions"' in html
    assert 'hx-trigger="input changed delay:400ms from:#id_subject"' in html
    assert 'formaction="/help/suggest/" formmethod="post"' in html
    assert ">Find answers</button>" in html


def test_the_desk_form_for_a_customer_has_no_suggestions(agent):
    html = _signed_in(agent).get(reverse("desk-ticket-new")).content.decode()

    assert 'id="id_subject"' in html
    assert "kb-suggestions" not in html


def test_find_answers_without_javascript_lists_articles_and_files_no_ticket(customer, publish):
    article = publish("Export invoices", "Open Billing and press Export.")

    response = _signed_in(customer).post(
        "/help/suggest/",
        {"subject": "How do I export invoices?", "description": "Please", "category": "question"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert "These articles may answer “How do I export invoices?”" in html
    assert (
        f'href="/help/articles/{article.pk}-{article.slug}/?asked=How+do+I+export+invoices%3F"'
    ) in html


def test_the_suggestions_while_typing_link_to_the_article_with_the_subject(customer, publish):
    article = publish("Export invoices")

    html = (
        _signed_in(customer)
        .get("/help/suggest/", {"subject": "export"}, headers={"HX-Request": "true"})
        .content.decode()
    )
    page = _signed_in(customer).get(
        reverse("help-article", args=[article.pk, article.slug]), {"asked": "export"}
    )

    assert f'<li data-suggested-article="{article.pk}">' in html
    assert '?asked=export">' in html
    assert "Did this solve “export”?" in page.content.decode()
    assert '<button type="submit" class="button is-success">This solved it</button>' in (
        page.content.decode()
    )


# --- the help centre -------------------------------------------------------------------------


def test_an_article_page_shows_its_variant_and_related_public_articles(publish):
    english = publish("Reset your password")
    spanish = publish("Restablecer la contraseña", language="es", variant_of=english)
    hidden = publish("Disk full", audience="internal")
    related = publish("Change your email", related=[english.pk, hidden.pk])

    page = Client().get(reverse("help-article", args=[english.pk, english.slug])).content.decode()
    other = Client().get(reverse("help-article", args=[related.pk, related.slug])).content.decode()

    spanish_link = f'href="/help/articles/{spanish.pk}-{spanish.slug}/" lang="es" hreflang="es"'
    assert f"{spanish_link}>Leer en español" in page
    assert f'href="/help/articles/{related.pk}-{related.slug}/">Change your email' in page
    assert "Reset your password" in other
    assert "Disk full" not in other


def test_a_wrong_slug_redirects_to_the_article_keeping_the_subject(publish):
    article = publish("Export invoices")

    response = Client().get(f"/help/articles/{article.pk}-old-words/?asked=Export")

    assert response.status_code == 301
    assert response["Location"] == f"/help/articles/{article.pk}-{article.slug}/?asked=Export"


def test_the_body_is_sanitized_markdown(publish):
    article = publish("Export", "**Bold** <script>alert(1)</script> [x](javascript:alert(1))")

    html = Client().get(reverse("help-article", args=[article.pk, article.slug])).content.decode()

    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "javascript:alert" not in html


# --- the leads' dashboard --------------------------------------------------------------------


def test_deflections_by_article_counts_those_since_the_date(publish):
    first, second = publish("Export invoices"), publish("Reset your password")
    now = timezone.now()
    for n, (article, days_ago) in enumerate([(first, 1), (first, 2), (second, 1), (second, 40)]):
        Deflection.objects.create(
            article=article, visitor=f"session:{n}", created_at=now - timedelta(days=days_ago)
        )

    rows = selectors.deflections_by_article(now - timedelta(days=30))

    assert [(a.title, a.deflected) for a in rows] == [
        ("Export invoices", 2),
        ("Reset your password", 1),
    ]


def test_the_sla_dashboard_shows_the_knowledge_table_to_leads(lead, agent, publish):
    article = publish("Export invoices")
    services.record_deflection(article, visitor="session:a", subject="Export")
    services.vote(article, visitor="session:a", helpful=True)
    services.link_article(article, TicketFactory(), actor=agent)

    html = _signed_in(lead).get("/desk/sla/").content.decode()

    assert (
        f'<tr data-article="{article.pk}"><td><a href="/desk/kb/{article.pk}/">Export invoices'
        "</a></td><td>1</td><td>1</td><td>1 / 0</td></tr>"
    ) in html
    assert "data-knowledge-table" not in _signed_in(agent).get("/desk/").content.decode()


def test_a_customer_never_reaches_the_desk_kb():
    client = _signed_in(CustomerFactory())

    assert client.get("/desk/kb/").status_code == 403
