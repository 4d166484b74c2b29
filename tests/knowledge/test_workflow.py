"""Who moves an article through Draft → In review → Published → Archived (and back to Draft):
agents write and submit, leads publish, archive and rework. Every publication keeps its text as
a numbered version with its author. A refusal changes nothing."""

import pytest

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from knowledge import services
from knowledge.errors import ArticleArchived, TransitionNotAllowed
from knowledge.models import Article, ArticleTransitionLog, ArticleVersion
from tests.factories import AgentFactory, CustomerFactory
from tests.support.snapshots import world

pytestmark = pytest.mark.django_db


def test_an_agent_writes_a_draft_and_submits_it_for_review(agent, draft):
    article = draft("Export your invoices", "Open **Billing**.")

    submitted = services.transition_article(article, actor=agent, name="submit")

    assert (submitted.state, submitted.created_by, submitted.updated_by) == (
        "in_review",
        agent,
        agent,
    )
    assert list(
        ArticleTransitionLog.objects.values_list("transition", "from_state", "to_state")
    ) == [("submit", "draft", "in_review")]
    assert ArticleVersion.objects.count() == 0


def test_an_agent_may_not_publish_and_nothing_changes(agent, draft):
    article = services.transition_article(draft("Export your invoices"), actor=agent, name="submit")
    before = world()

    with pytest.raises(PermissionDenied, match="Only leads may publish an article"):
        services.transition_article(article, actor=agent, name="publish")

    assert world() == before


@pytest.mark.parametrize("name", ["archive", "rework"])
def test_an_agent_may_not_archive_or_rework_a_published_article(agent, publish, name):
    article = publish("Export your invoices")
    before = world()

    with pytest.raises(PermissionDenied):
        services.transition_article(article, actor=agent, name=name)

    assert world() == before


def test_a_lead_publishes_and_the_text_is_kept_as_version_1_by_its_writer(agent, lead, draft):
    article = services.transition_article(
        draft("Export", "Press Export."), actor=agent, name="submit"
    )

    published = services.transition_article(article, actor=lead, name="publish")

    assert published.state == "published"
    assert published.published_at is not None
    version = ArticleVersion.objects.get()
    assert (version.article, version.number, version.title, version.body) == (
        article,
        1,
        "Export",
        "Press Export.",
    )
    assert (version.author, version.published_by) == (agent, lead)
    assert version.published_at == published.published_at


def test_a_lead_may_publish_a_draft_without_a_review_step(lead, draft):
    published = services.transition_article(draft("Export"), actor=lead, name="publish")

    assert published.state == "published"
    assert ArticleVersion.objects.get().number == 1


def test_archive_then_rework_then_publish_again_keeps_every_version(lead, agent, publish):
    article = publish("Export", "First text.")
    services.transition_article(article, actor=lead, name="archive")
    services.transition_article(article, actor=lead, name="rework")
    services.update_article(article, actor=agent, body="Second text.")
    services.transition_article(article, actor=agent, name="submit")

    services.transition_article(article, actor=lead, name="publish")

    assert list(ArticleVersion.objects.order_by("number").values_list("number", "body")) == [
        (1, "First text."),
        (2, "Second text."),
    ]
    assert list(
        ArticleTransitionLog.objects.order_by("id").values_list("transition", flat=True)
    ) == ["publish", "archive", "rework", "submit", "publish"]


def test_a_move_from_the_wrong_state_is_refused_with_what_is_allowed_now(lead, draft):
    article = draft("Export")
    before = world()

    with pytest.raises(TransitionNotAllowed) as refused:
        services.transition_article(article, actor=lead, name="rework")

    assert refused.value.status == 409
    assert refused.value.details == {
        "current_state": "draft",
        "allowed_transitions": ["archive", "publish", "submit"],
    }
    assert refused.value.message == (
        f"Article {article.pk} cannot be moved with “Rework as a draft”: it is Draft. Allowed "
        "now: Archive, Publish, Submit for review."
    )
    assert world() == before


def test_a_move_on_an_article_that_changed_meanwhile_is_refused(agent, lead, draft):
    article = draft("Export")
    services.transition_article(article, actor=agent, name="submit")
    before = world()

    with pytest.raises(TransitionNotAllowed, match="changed while you were looking"):
        services.transition_article(article, actor=lead, name="publish", expected_state="draft")

    assert world() == before


def test_an_unknown_transition_is_invalid(lead, draft):
    with pytest.raises(ValidationFailed, match="Unknown transition 'delete'"):
        services.transition_article(draft("Export"), actor=lead, name="delete")


# --- editing ---------------------------------------------------------------------------------


def test_customers_may_not_write_articles():
    customer = CustomerFactory()
    before = world()

    with pytest.raises(PermissionDenied, match="Only agents may write articles"):
        services.create_article(actor=customer, title="Mine", body="Text", category="general")

    assert world() == before


def test_an_agent_edits_a_draft_and_becomes_its_last_writer(draft):
    article = draft("Export")
    colleague = AgentFactory(username="omar")

    services.update_article(article, actor=colleague, title="Export invoices", body="New.")

    article.refresh_from_db()
    assert (article.title, article.body, article.updated_by, article.slug) == (
        "Export invoices",
        "New.",
        colleague,
        "export",
    )


def test_an_agent_may_not_change_a_published_article(agent, publish):
    article = publish("Export")
    before = world()

    with pytest.raises(PermissionDenied, match="only a lead changes its text"):
        services.update_article(article, actor=agent, body="Changed.")

    assert world() == before


def test_a_leads_change_to_a_published_article_is_its_next_version(lead, publish):
    article = publish("Export", "Old text.")

    services.update_article(article, actor=lead, body="New text.")
    services.update_article(article, actor=lead, body="New text.")  # no change: no version

    assert list(
        ArticleVersion.objects.order_by("number").values_list("number", "body", "author__username")
    ) == [(1, "Old text.", "tina"), (2, "New text.", "lena")]
    assert Article.objects.get().state == "published"


def test_an_archived_article_changes_only_after_a_rework(lead, publish):
    article = publish("Export")
    services.transition_article(article, actor=lead, name="archive")
    before = world()

    with pytest.raises(ArticleArchived, match="archived: a lead reworks it"):
        services.update_article(article, actor=lead, body="Changed.")

    assert world() == before


def test_a_title_is_required(draft, agent):
    article = draft("Export")

    with pytest.raises(ValidationFailed) as refused:
        services.update_article(article, actor=agent, title="  ")

    assert refused.value.details == {"fields": {"title": ["This is required."]}}
    assert Article.objects.get().title == "Export"


# --- languages -------------------------------------------------------------------------------


def test_a_spanish_article_is_the_variant_of_its_english_original(publish, draft):
    original = publish("Reset your password")

    variant = draft("Restablecer la contraseña", language="es", variant_of=original.pk)

    assert variant.variant_of == original
    assert list(original.variants.all()) == [variant]


def test_one_variant_per_language(publish, draft):
    original = publish("Reset your password")
    draft("Restablecer la contraseña", language="es", variant_of=original)
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        draft("Otra traducción", language="es", variant_of=original)

    assert refused.value.details["fields"]["variant_of"] == [
        "“Reset your password” already has a Spanish variant: “Restablecer la contraseña” "
        f"(article {original.variants.get().pk})."
    ]
    assert world() == before


def test_only_a_spanish_article_of_an_english_original_is_a_variant(publish, draft):
    original = publish("Reset your password")
    spanish = draft("Restablecer la contraseña", language="es", variant_of=original)

    with pytest.raises(ValidationFailed, match="only a Spanish one is a variant"):
        draft("Reset, again", variant_of=original)
    with pytest.raises(ValidationFailed, match="is not an English original"):
        draft("Restablecer, otra vez", language="es", variant_of=spanish)


def test_an_original_with_variants_stays_english(agent, publish, draft, lead):
    original = publish("Reset your password")
    draft("Restablecer la contraseña", language="es", variant_of=original)

    with pytest.raises(ValidationFailed, match="it stays the English original"):
        services.update_article(original, actor=lead, language="es")

    assert Article.objects.get(pk=original.pk).language == "en"
