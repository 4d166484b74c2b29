"""Customer satisfaction in a real browser: the customer opens the "Not good" link of the
outbox email, reads the thank-you and adds a comment; answers Good on the portal's resolved
ticket; the lead reads the figures and the case types on the dashboard. Every page passes axe in
light and dark mode and fits a 390 px phone.

Screenshots: ``test-artifacts/screenshots/satisfaction-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from helpdesk.notifications.models import Notification
from satisfaction.models import Survey
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TicketFactory
from tickets import services as tickets
from tickets.models import Message, Tier
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCHEMES = ("light", "dark")


@pytest.fixture
def world(live_server, settings):
    settings.HELPDESK_BASE_URL = live_server.url  # the email's links lead to this server
    tina = AgentFactory(username="tina", first_name="Tina", last_name="Ortiz")
    lena = LeadFactory(username="lena")
    triage = Tier.objects.get(slug="triage")
    triage.lead = lena
    triage.save(update_fields=["lead"])
    carol = CustomerFactory(username="carol", first_name="Carol")

    def resolved(subject, category="issue_with_error"):
        ticket = TicketFactory(requester=carol, assignee=tina, subject=subject, category=category)
        return tickets.transition(ticket, actor=tina, name="resolve")

    return {
        "emailed": resolved("Invoice export times out", category="custom_code"),
        "portal": resolved("Second admin user"),
        "carol": carol,
    }


def _link(ticket, label):
    mail = Notification.objects.get(kind="csat_question", ticket_number=ticket.pk)
    match = re.search(rf"{label}:\n(\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def test_the_customer_answers_from_the_email_and_adds_a_comment(browser, live_server, world, shot):
    ticket = world["emailed"]
    page = browser.new_context(viewport=LAPTOP).new_page()

    page.goto(_link(ticket, "Not good"))

    expect(
        page.get_by_role("heading", name=f"#{ticket.pk} Invoice export times out")
    ).to_be_visible()
    expect(page.get_by_text("Thank you! We recorded your answer: Not good.")).to_be_visible()
    shot(page, "satisfaction-01-thank-you")
    page.get_by_label("Anything you would like to add? (optional)").fill(
        "It took three weeks and two reminders."
    )
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_text("Thank you: your comment was sent to the team.")).to_be_visible()
    expect(page.get_by_role("button", name="Send comment")).to_have_count(0)
    shot(page, "satisfaction-02-comment-sent")

    page.goto(_link(ticket, "Good"))  # a later click changes nothing
    expect(page.get_by_text("You already answered: Not good.")).to_be_visible()
    shot(page, "satisfaction-03-already-answered")

    survey = Survey.objects.get(ticket=ticket)
    assert (survey.rating, survey.comment) == ("not_good", "It took three weeks and two reminders.")
    notes = Message.objects.filter(ticket=ticket, kind=MessageKind.SYSTEM_NOTE)
    assert notes.count() == 2


def test_the_customer_answers_on_the_portal(browser, live_server, world, shot):
    ticket = world["portal"]
    page = browser.new_context(viewport=LAPTOP).new_page()
    login(page, live_server, "carol")

    page.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    question = page.locator("[data-csat]")
    expect(question.get_by_role("heading", name="How did we do?")).to_be_visible()
    question.get_by_label("Good", exact=True).check()
    question.get_by_label("Anything you would like to add? (optional)").fill("Quick, thanks!")
    question.get_by_role("button", name="Send answer").click()

    expect(page.get_by_text("Thank you for your answer.")).to_be_visible()
    expect(page.locator("[data-csat-answered='good']")).to_be_visible()
    shot(page, "satisfaction-04-portal-answered")
    assert Survey.objects.get(ticket=ticket).answered_via == "portal"


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_pages_pass_axe_in_both_schemes_and_fit_a_phone(
    browser, live_server, world, shot, width
):
    viewport = LAPTOP if width == "desktop" else PHONE
    link = _link(world["emailed"], "Good")
    pages = [
        ("answer", None, link),
        ("portal", "carol", f"{live_server.url}/portal/tickets/{world['portal'].pk}/"),
        ("dashboard", "lena", f"{live_server.url}/desk/sla/"),
    ]
    failures = []
    for user in (None, "carol", "lena"):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        if user:
            login(page, live_server, user)
        for name, who, url in pages:
            if who != user:
                continue
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                page.goto(url)
                page.wait_for_load_state("networkidle")
                if name == "dashboard":
                    page.locator("#csat-heading").scroll_into_view_if_needed()
                shot(page, f"satisfaction-scheme-{name}-{scheme}-{width}")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if width == "phone" and scroll > PHONE["width"]:
                    failures.append(f"{name} {scheme}: {scroll} px wide on a 390 px phone")
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{name} {scheme}: {error}")
        context.close()
    assert not failures, "\n\n".join(failures)
