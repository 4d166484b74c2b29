"""Live updates in a real browser: two agents on one ticket see each other, a customer's reply
appears on the agent's open ticket without a reload, and a reply crossing it is held back with
the text kept.

Screenshots: ``test-artifacts/screenshots/live-*.png``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, TicketFactory
from tickets import services
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ticket(db):
    AgentFactory(username="ada")
    AgentFactory(username="bob")
    return TicketFactory(subject="Invoices are doubled")


def test_two_agents_on_one_ticket_see_each_other_and_who_writes(browser, live_server, shot, ticket):
    ada, bob = browser.new_context().new_page(), browser.new_context().new_page()
    for page, name in [(ada, "ada"), (bob, "bob")]:
        login(page, live_server, name)
        page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")

    expect(ada.locator("[data-presence=bob]")).to_have_text("bob is viewing", timeout=15_000)
    expect(bob.locator("[data-presence=ada]")).to_have_text("ada is viewing", timeout=15_000)

    bob.locator("#reply textarea[name=body]").fill("Looking at the invoice run now.")
    expect(ada.locator("[data-presence=bob]")).to_have_text(
        "bob is writing a reply", timeout=15_000
    )
    shot(ada, "live-two-agents")
    assert_accessible(ada)


def test_a_customer_reply_appears_on_the_open_ticket_and_a_crossing_reply_waits(
    page, live_server, shot, ticket
):
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.locator("#reply textarea[name=body]").fill("Please send us the invoice numbers.")

    services.customer_reply(ticket, actor=ticket.requester, body="Invoice 1042 came twice.")

    expect(page.locator("#conversation")).to_contain_text(
        "Invoice 1042 came twice.", timeout=15_000
    )
    expect(page.locator("#ticket-facts")).to_contain_text("Open")
    warning = page.locator("[data-newer-message]")
    expect(warning).to_contain_text("A new message arrived while you were writing.")
    shot(page, "live-customer-reply")

    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#reply")).to_contain_text("wrote on this ticket while you were writing")
    expect(page.locator("#reply textarea[name=body]")).to_have_value(
        "Please send us the invoice numbers."
    )
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    shot(page, "live-crossing-reply-refused")

    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#conversation")).to_contain_text("Please send us the invoice numbers.")
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_a_status_change_elsewhere_reaches_the_queue_and_the_open_ticket(
    page, live_server, shot, ticket
):
    login(page, live_server, "ada")
    page.goto(f"{live_server.url}/desk/")
    expect(page.locator(".queue-row")).to_have_count(1)

    services.take(ticket, actor=AgentFactory(username="cleo"))

    row = page.locator(".queue-row").first
    expect(row).to_have_class("queue-row is-live-changed", timeout=20_000)
    expect(row).to_contain_text("cleo")
    expect(row.locator(".live-mark")).to_have_text("Changed")
    shot(page, "live-queue-changed")
