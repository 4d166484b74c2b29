"""Doc requests in a real browser: three tickets tagged "Billing" resolved without an article and
an escalation's "Proposed Internal Doc" tag fill the leads' queue; a lead opens it, sees the
requests with their tickets, starts the article and lands on its edit page; the queue and the
ticket page's "Doc requested" pass axe in light and dark mode and fit a 390 px phone.

Screenshots: ``test-artifacts/screenshots/doc-requests-*.png``.
"""

import pytest
from playwright.sync_api import expect

from knowledge.models import Article, DocRequest
from knowledge.states import DocRequestStatus, DocSource
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCHEMES = ("light", "dark")


@pytest.fixture
def world():
    tina = AgentFactory(username="tina")
    LeadFactory(username="lena")
    carol = CustomerFactory(username="carol")

    def ticket(subject, *tags):
        made = tickets.submit_ticket(
            actor=carol, subject=subject, description="Please help.", category="question"
        )
        tickets.change_tags(made, actor=tina, add=list(tags))
        return made

    trio = [
        ticket(subject, "Billing")
        for subject in (
            "Where is my invoice for March?",
            "Invoice PDF missing the VAT number",
            "How do I download all invoices at once?",
        )
    ]
    for made in trio:
        tickets.transition(made, actor=tina, name="resolve")
    webhook = ticket("Webhooks time out after 10 seconds", "Proposed Internal Doc")
    return {"trio": trio, "webhook": webhook}


def test_a_lead_opens_the_queue_sees_the_tickets_and_starts_the_article(
    browser, live_server, world, shot
):
    duplicates = DocRequest.objects.get(source=DocSource.DUPLICATES)
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "lena")

    page.goto(f"{live_server.url}/desk/sla/")
    page.get_by_role("link", name="2 doc requests wait").click()

    card = page.locator(f'[data-doc-request="{duplicates.pk}"]')
    expect(card.get_by_role("heading", level=2)).to_have_text("Tickets tagged “Billing”")
    for made in world["trio"]:
        expect(card.get_by_role("link", name=f"#{made.pk} {made.subject}")).to_be_visible()
    expect(card).to_contain_text("3 tickets asked for it")
    expect(page.get_by_role("link", name="Open (2)")).to_be_visible()
    shot(page, "doc-requests-01-queue")
    assert_accessible(page)

    card.get_by_role("button", name="Start an article").click()

    article = Article.objects.get()
    expect(page).to_have_url(f"{live_server.url}/desk/kb/{article.pk}/edit/")
    expect(page.get_by_text(f"Draft started from doc request {duplicates.pk}")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Tickets tagged “Billing”")
    shot(page, "doc-requests-02-article-started")
    duplicates.refresh_from_db()
    assert duplicates.status == DocRequestStatus.DRAFTING

    page.goto(f"{live_server.url}/desk/kb/doc-requests/?status=drafting")
    expect(page.locator(f'[data-doc-request="{duplicates.pk}"]')).to_contain_text(
        "Article: Tickets tagged “Billing” (draft)"
    )


def test_a_lead_declines_with_a_reason(browser, live_server, world, shot):
    request = DocRequest.objects.get(source=DocSource.ESCALATION_TAG)
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "lena")
    page.goto(f"{live_server.url}/desk/kb/doc-requests/")

    card = page.locator(f'[data-doc-request="{request.pk}"]')
    card.locator("summary", has_text="Decline").click()
    card.get_by_label("Why is the doc not needed?").fill("The runbook already covers it.")
    shot(page, "doc-requests-03-decline")
    card.get_by_role("button", name=f"Decline request {request.pk}").click()

    expect(page.get_by_text(f"Doc request {request.pk} declined.")).to_be_visible()
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        DocRequestStatus.DECLINED,
        "The runbook already covers it.",
    )


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_queue_and_the_ticket_panel_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, world, shot, width
):
    viewport = LAPTOP if width == "desktop" else PHONE
    webhook = world["webhook"]
    pages = [
        ("queue", "/desk/kb/doc-requests/"),
        ("ticket", f"/desk/tickets/{webhook.pk}/"),
    ]
    page = browser.new_context(viewport=viewport).new_page()
    login(page, live_server, "lena")
    failures = []
    for name, path in pages:
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            if name == "ticket":
                expect(page.locator("[data-doc-requested]")).to_contain_text("Doc requested")
            shot(page, f"doc-requests-{name}-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if width == "phone" and scroll > PHONE["width"]:
                failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{name} {scheme}: {error}")
    assert not failures, "\n\n".join(failures)
