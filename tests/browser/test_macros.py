"""Macros in a real browser: an agent types ``/fr1`` and a space at the start of the reply box,
the text filled in for the ticket appears with the macro's actions as chips, they edit it and
send; the customer reads the edited text on the portal and the actions are applied. On a Spanish
ticket the picker offers the Spanish variant. axe in light and dark mode and at 390 px.

Screenshots: ``test-artifacts/screenshots/macros-*.png``.
"""

import pytest
from playwright.sync_api import expect

from helpdesk.notifications import staff
from knowledge.macro_models import Macro, MacroScope, MacroUse
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services
from tickets.models import Message
from tickets.states import Category, MessageKind, Status

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
EDIT = "P.S. The gateway logs show nothing unusual on our side."


def dark(page) -> None:
    """Dark mode without reloading (the reply box keeps its text): axe measures once Bulma's
    colour transitions have settled."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(500)


@pytest.fixture
def desk(db):
    lead = LeadFactory(username="lead")
    agent = AgentFactory(username="triage", first_name="Tina", last_name="Turner")
    staff.update_profile(agent, actor=agent, preferences={}, signature="Support team, Helpdesk")
    customer = CustomerFactory(
        username="amira_h",
        first_name="Amira",
        customer_profile__organization__name="Bluewave Rentals",
    )
    ticket = services.submit_ticket(
        actor=customer,
        subject="Checkout page shows a 500 error",
        description="The Pay button fails.",
        category=Category.ISSUE_WITH_ERROR,
    )
    spanish = services.submit_ticket(
        actor=customer,
        subject="No puedo exportar las facturas",
        description="El CSV sale vacío.",
        category=Category.QUESTION,
    )
    services.change_tags(spanish, actor=agent, add=["Spanish"])
    now = ticket.created_at
    common = {"scope": MacroScope.EVERYONE, "created_by": lead, "created_at": now}
    Macro.objects.create(
        name="First response: ask for details",
        shortcut="fr1",
        language="en",
        body="Hi {{ customer.first_name }},\n\nThank you for ticket #{{ ticket.number }}, "
        '"{{ ticket.subject }}". Which page were you on?\n\n{{ agent.name }}\n'
        "{{ agent.signature }}",
        set_status="set_pending",
        add_tags="needs-details",
        updated_at=now,
        **common,
    )
    Macro.objects.create(
        name="Primera respuesta: pedir detalles",
        shortcut="fr1",
        language="es",
        body="Hola {{ customer.first_name }}:\n\nGracias por el ticket #{{ ticket.number }}.",
        set_status="set_pending",
        updated_at=now,
        **common,
    )
    return {"agent": agent, "customer": customer, "ticket": ticket, "spanish": spanish}


def test_an_agent_answers_with_fr1_edits_the_text_and_sends(page, live_server, shot, desk, browser):
    ticket = desk["ticket"]
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "triage")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    body = page.get_by_label("Message to the customer")
    expect(page.get_by_label("Insert a macro")).to_be_visible()

    # /fr1 and a space at the start of the box: the text for this ticket replaces it.
    body.click()
    body.press_sequentially("/fr1 ")
    expected = (
        f'Hi Amira,\n\nThank you for ticket #{ticket.pk}, "{ticket.subject}". Which page were '
        "you on?\n\nTina Turner\nSupport team, Helpdesk"
    )
    expect(body).to_have_value(expected)
    chosen = page.locator("#macro-chosen")
    expect(chosen).to_be_visible()
    expect(chosen).to_contain_text("/fr1 First response: ask for details")
    expect(page.locator("#macro-chips li")).to_have_text(["Tag: needs-details", "Status: Pending"])
    expect(page.locator("#macro-status")).to_have_text(
        "Macro /fr1 inserted: edit the text, then send."
    )
    assert MacroUse.objects.count() == 0  # inserted, not sent
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).count() == 0
    assert_accessible(page)
    shot(page, "macros-01-fr1-inserted")
    dark(page)
    assert_accessible(page)
    shot(page, "macros-02-fr1-inserted-dark")
    page.emulate_media(color_scheme="light")

    # The agent edits the text, then sends.
    body.press("Control+End")
    body.press_sequentially(f"\n\n{EDIT}")
    page.get_by_role("button", name="Send", exact=True).click()
    messages = page.locator("#messages")
    expect(messages).to_contain_text("Reply sent.")
    expect(messages).to_contain_text("Macro /fr1: tagged needs-details, set the status to Pending.")
    expect(page.locator("#ticket-status-badge")).to_have_text("Pending")
    expect(body).to_have_value("")
    expect(page.locator("#macro-chosen")).to_be_hidden()
    shot(page, "macros-03-sent")

    reply = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert reply.body.replace("\r\n", "\n") == f"{expected}\n\n{EDIT}"  # a form sends CRLF
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert list(ticket.tags.values_list("name", flat=True)) == ["needs-details"]
    assert MacroUse.objects.count() == 1

    # The customer reads the edited text on the portal.
    context = browser.new_context(viewport=LAPTOP)
    customer = context.new_page()
    login(customer, live_server, "amira_h")
    customer.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    card = customer.locator(".message-card", has_text=EDIT)
    expect(card).to_contain_text("Hi Amira,")
    expect(card).to_contain_text("Which page were you on?")
    expect(customer.locator("body")).not_to_contain_text("/fr1")
    shot(customer, "macros-04-customer-reads-it")
    context.close()


def test_the_picker_offers_the_spanish_variant_on_a_spanish_ticket_on_a_phone(
    page, live_server, shot, desk
):
    spanish = desk["spanish"]
    page.set_viewport_size(PHONE)
    login(page, live_server, "triage")
    page.goto(f"{live_server.url}/desk/tickets/{spanish.pk}/")

    search = page.get_by_label("Insert a macro")
    search.fill("fr1")
    choice = page.locator("[data-macro-insert]")
    expect(choice).to_have_count(1)
    expect(choice).to_contain_text("/fr1 Primera respuesta: pedir detalles")
    choice.click()
    body = page.get_by_label("Message to the customer")
    expect(body).to_have_value(f"Hola Amira:\n\nGracias por el ticket #{spanish.pk}.")
    expect(page.locator("#macro-chips li")).to_have_text(["Status: Pending"])
    page.locator("#macro-chosen").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    shot(page, "macros-05-phone-spanish-picker")
    page.locator("#reply").screenshot(path=str(ARTIFACTS / "macros-05b-phone-reply-box.png"))
    dark(page)
    assert_accessible(page)
    shot(page, "macros-06-phone-spanish-picker-dark")
    page.locator("#reply").screenshot(path=str(ARTIFACTS / "macros-06b-phone-reply-box-dark.png"))

    # "Don't apply its actions": the text stays, the reply goes without them.
    page.get_by_role("button", name="Don't apply its actions").click()
    expect(page.locator("#macro-chosen")).to_be_hidden()
    expect(body).to_have_value(f"Hola Amira:\n\nGracias por el ticket #{spanish.pk}.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Reply sent.")
    spanish.refresh_from_db()
    assert spanish.status == Status.OPEN
    assert MacroUse.objects.count() == 0


def test_the_leads_macros_page_reads_well(page, live_server, shot, desk):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "lead")
    page.goto(f"{live_server.url}/desk/macros/")
    expect(page.locator("[data-macro-summary]")).to_have_text("2 macros.")
    assert_accessible(page)
    shot(page, "macros-07-list")
    page.get_by_role("link", name="Edit /fr1 (Spanish)").click()
    expect(page.get_by_label("Shortcut")).to_have_value("fr1")
    assert_accessible(page)
    shot(page, "macros-08-edit")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/desk/macros/")
    dark(page)
    assert_accessible(page)
    shot(page, "macros-09-list-phone-dark")
