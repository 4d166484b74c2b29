"""The knowledge base in a real browser: a customer's subject suggests an article on the portal
form and "This solved it" ends there, without a ticket; an agent finds an article from the ticket
page, inserts its link into the reply and links it as the answer; the knowledge pages pass axe in
light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/knowledge-*.png``.
"""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from knowledge import services
from knowledge.models import ArticleLink, Deflection
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCHEMES = ("light", "dark")

INVOICES = """Open **Billing → Invoices**, choose the months and press **Export**.

| Column | Meaning |
|---|---|
| number | The invoice number |
| vat | The VAT amount |

Exports of more than 12 months arrive by email."""


@pytest.fixture
def world():
    tina = AgentFactory(username="tina")
    lena = LeadFactory(username="lena")
    carol = CustomerFactory(username="carol", first_name="Carol")

    def published(title, body, **fields):
        article = services.create_article(
            actor=tina, title=title, body=body, category="general", **fields
        )
        return services.transition_article(article, actor=lena, name="publish")

    invoices = published("Export your invoices", INVOICES)
    services.update_article(invoices, actor=lena, body=INVOICES + "\n\nThe CSV uses commas.")
    published(
        "Exportar sus facturas",
        "Abra **Facturación** y pulse **Exportar**.",
        language="es",
        variant_of=invoices,
    )
    published("Reset your password", "Use the link in the email within one hour.")
    internal = published(
        "Invoice exports stuck: what to check",
        "Internal: restart the export worker, then check `/var/log/exports`.",
        audience="internal",
    )
    ticket = tickets.submit_ticket(
        actor=carol,
        subject="The invoices export is empty",
        description="The CSV has no lines.",
        category="question",
    )
    return {"invoices": invoices, "internal": internal, "ticket": ticket}


def test_a_customers_subject_suggests_an_article_and_this_solved_it_files_no_ticket(
    browser, live_server, world, shot
):
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "carol")
    before = Ticket.objects.count()
    page.goto(f"{live_server.url}/portal/new/")

    page.get_by_label("Subject").press_sequentially("How do I export my invoices", delay=20)
    suggestion = page.locator(f'[data-suggested-article="{world["invoices"].pk}"]')
    expect(suggestion).to_be_visible()
    expect(page.locator("#kb-suggestions")).not_to_contain_text("Invoice exports stuck")
    shot(page, "knowledge-01-portal-suggestion")
    assert_accessible(page)

    suggestion.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Export your invoices")).to_be_visible()
    expect(page.get_by_text("Did this solve “How do I export my invoices”?")).to_be_visible()
    expect(page.get_by_role("link", name="Leer en español")).to_be_visible()
    shot(page, "knowledge-02-suggested-article")
    assert_accessible(page)

    page.get_by_role("button", name="This solved it").click()
    expect(page.get_by_text("Glad it is solved. We did not open a ticket")).to_be_visible()
    expect(page.locator("[data-deflect]")).to_have_count(0)
    shot(page, "knowledge-03-solved")

    assert Ticket.objects.count() == before
    deflection = Deflection.objects.get()
    assert (deflection.article, deflection.subject) == (
        world["invoices"],
        "How do I export my invoices",
    )

    page.get_by_role("button", name="Yes").click()
    expect(page.locator("[data-my-vote]")).to_have_text(
        "You answered Yes. Thank you. You can change your answer."
    )
    expect(page.locator("[data-helpful]")).to_have_text("1 of 1 reader found this helpful.")


@override_settings(HELPDESK_BASE_URL="https://help.example.com")
def test_an_agent_inserts_an_articles_link_and_links_it_as_the_answer(
    browser, live_server, world, shot
):
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "tina")
    ticket, invoices = world["ticket"], world["invoices"]
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")

    body = page.locator("#id_body")
    body.fill("Hi Carol,\n\nThis explains it: ")
    page.get_by_label("Search articles").fill("export")
    result = page.locator(f'#kb-panel-results [data-article="{invoices.pk}"]')
    expect(result).to_be_visible()
    internal = page.locator(f'#kb-panel-results [data-article="{world["internal"].pk}"]')
    expect(internal).to_contain_text("Internal: customers cannot open this link.")
    shot(page, "knowledge-04-ticket-panel-search")
    assert_accessible(page)

    result.get_by_role("button", name="Insert link").click()
    link = f"[Export your invoices](https://help.example.com/help/articles/{invoices.pk}-{invoices.slug}/)"
    expect(body).to_have_value(f"Hi Carol,\n\nThis explains it: {link}")
    expect(body).to_be_focused()

    result.get_by_role("button", name="Link as the answer").click()
    panel = page.locator("[data-kb-panel]")
    expect(page.get_by_text(f"“Export your invoices” answers #{ticket.pk}.")).to_be_visible()
    expect(panel.locator(f'[data-linked-article="{invoices.pk}"]')).to_contain_text(
        "Answered 1 ticket"
    )
    shot(page, "knowledge-05-ticket-answered-by")
    assert_accessible(page)
    assert ArticleLink.objects.get().ticket == ticket

    page.goto(f"{live_server.url}/desk/kb/{invoices.pk}/versions/diff/?from=1&to=2")
    expect(page.locator(".kb-diff tr.kb-ins").last).to_contain_text("The CSV uses commas.")
    shot(page, "knowledge-06-diff")


def _pages(world) -> list[tuple[str, str | None, str]]:
    invoices, ticket = world["invoices"], world["ticket"]
    article = f"/help/articles/{invoices.pk}-{invoices.slug}/"
    return [
        ("help-home", None, "/help/"),
        ("help-article", None, f"{article}?asked=Export+my+invoices"),
        ("help-search", None, "/help/search/?q=invoices"),
        ("portal-new", "carol", "/portal/new/"),
        ("desk-kb", "lena", "/desk/kb/"),
        ("desk-kb-search", "lena", "/desk/kb/?q=invoices"),
        ("desk-article", "lena", f"/desk/kb/{invoices.pk}/"),
        ("desk-article-edit", "lena", f"/desk/kb/{invoices.pk}/edit/"),
        ("desk-versions", "lena", f"/desk/kb/{invoices.pk}/versions/"),
        ("desk-diff", "lena", f"/desk/kb/{invoices.pk}/versions/diff/"),
        ("desk-ticket", "lena", f"/desk/tickets/{ticket.pk}/"),
        ("sla", "lena", "/desk/sla/"),
    ]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_knowledge_pages_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, world, shot, width
):
    viewport = LAPTOP if width == "desktop" else PHONE
    failures = []
    for user in (None, "carol", "lena"):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        if user:
            login(page, live_server, user)
        for name, who, path in _pages(world):
            if who != user:
                continue
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                page.goto(f"{live_server.url}{path}")
                page.reload()
                page.wait_for_load_state("networkidle")
                if name == "portal-new":
                    page.get_by_label("Subject").press_sequentially("export invoices", delay=10)
                    expect(page.locator("[data-suggested-article]").first).to_be_visible()
                if name == "desk-ticket":
                    page.get_by_label("Search articles").fill("invoices")
                    expect(page.locator("#kb-panel-results .kb-result").first).to_be_visible()
                shot(page, f"knowledge-scheme-{name}-{scheme}-{width}")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if width == "phone" and scroll > PHONE["width"]:
                    failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{name} {scheme}: {error}")
        context.close()
    assert not failures, "\n\n".join(failures)
