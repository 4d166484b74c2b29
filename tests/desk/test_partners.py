"""Seed 003-60 and 003-61: the partner directory (/desk/partners/), its contacts to use offered
by the side-thread form, and a partner's ticket number recorded on a ticket."""

import pytest
from django.test import Client

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import Message, Partner, PartnerContact, PartnerTicket
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def partner(name, *contacts, notes=""):
    row = Partner.objects.create(name=name, notes=notes)
    for contact_name, email, role, preferred in contacts:
        PartnerContact.objects.create(
            partner=row, name=contact_name, email=email, role=role, preferred=preferred
        )
    return row


@pytest.fixture
def stripe(db):
    return partner(
        "Stripe",
        ("Sam Support", "support@stripe.example", "Partner support", True),
        ("Old Contact", "old@stripe.example", "Former manager", False),
        notes="Answers within a day.",
    )


# --- the directory -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_the_directory_costs_the_same_queries_for_5_and_50_partners(
    agent, django_assert_num_queries, rows
):
    for n in range(rows):
        partner(
            f"Partner {n:02}",
            (f"Ann {n}", f"ann{n}@p{n}.example", "Support", True),
            (f"Bob {n}", f"bob{n}@p{n}.example", "", False),
        )
    client = Client()
    client.force_login(agent)
    # session, user, groups, count, page of partners, their contacts; the bell's unread count,
    # the running timer of the desk header
    with django_assert_num_queries(8):
        response = client.get("/desk/partners/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<tr data-partner=") == rows
    assert html.count('<span class="tag is-warning is-light">Use</span>') == rows
    assert f'<a href="mailto:ann{rows - 1}@p{rows - 1}.example">' in html


def test_the_directory_searches_partners_contacts_and_roles(agent, stripe):
    partner("Booking", ("Bea", "bea@booking.example", "Connectivity", True))
    client = Client()
    client.force_login(agent)

    by_role = client.get("/desk/partners/", {"q": "connectivity"}).content.decode()
    by_email = client.get("/desk/partners/", {"q": "old@stripe"}).content.decode()
    nothing = client.get("/desk/partners/", {"q": "zzz"}).content.decode()

    assert "Booking" in by_role
    assert "Stripe" not in by_role
    assert "Stripe" in by_email
    assert "Booking" not in by_email
    assert "No partner matches “zzz”." in nothing


def test_customers_may_not_read_the_directory(stripe):
    client = Client()
    client.force_login(CustomerFactory())
    assert client.get("/desk/partners/").status_code == 403


def test_the_side_thread_form_offers_the_contacts_to_use(agent, stripe):
    ticket = TicketFactory()
    client = Client()
    client.force_login(agent)

    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert 'list="partner-contacts"' in html
    assert (
        '<option value="support@stripe.example">Stripe: Sam Support (Partner support)</option>'
        in html
    )
    assert "old@stripe.example" not in html  # not a contact to use


# --- partner tickets -----------------------------------------------------------------------------


def test_an_agent_records_a_partner_ticket_shown_and_noted(agent, stripe):
    ticket = TicketFactory()

    row = services.add_partner_ticket(
        ticket,
        actor=agent,
        partner=stripe.pk,
        reference=" CS-4411 ",
        url="https://support.stripe.example/cases/4411",
    )

    assert (row.partner, row.reference, row.url, row.added_by) == (
        stripe,
        "CS-4411",
        "https://support.stripe.example/cases/4411",
        agent,
    )
    note = Message.objects.filter(ticket=ticket).last()
    assert (note.kind, note.body) == (
        MessageKind.INTERNAL_NOTE,
        "**Partner ticket:** Stripe ticket CS-4411 — <https://support.stripe.example/cases/4411>",
    )
    client = Client()
    client.force_login(agent)
    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert (
        'Stripe: <a href="https://support.stripe.example/cases/4411" rel="noopener noreferrer '
        'nofollow" target="_blank">CS-4411</a>'
    ) in html


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reference": "1", "url": "javascript:alert(1)"}, "url"),
        ({"reference": "1", "url": "ftp://partner.example/1"}, "url"),
        ({"reference": "1", "url": "https://"}, "url"),
        ({"reference": "  "}, "reference"),
        ({"reference": "x" * 101}, "reference"),
        ({"reference": "1", "partner": "Nobody"}, "partner"),
    ],
)
def test_bad_partner_tickets_are_refused_and_nothing_is_written(agent, stripe, fields, field):
    ticket = TicketFactory()
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.add_partner_ticket(ticket, actor=agent, **{"partner": "stripe", **fields})
    assert field in refused.value.details["fields"]
    assert world() == before


def test_the_same_partner_ticket_twice_is_a_conflict(agent, stripe):
    ticket = TicketFactory()
    services.add_partner_ticket(ticket, actor=agent, partner="Stripe", reference="CS-1")
    before = world()
    with pytest.raises(Conflict):
        services.add_partner_ticket(ticket, actor=agent, partner="stripe", reference="cs-1")
    assert world() == before


def test_a_customer_cannot_record_a_partner_ticket_and_never_sees_one(stripe):
    ticket = TicketFactory()
    services.add_partner_ticket(ticket, actor=AgentFactory(), partner="Stripe", reference="CS-9")
    before = world()
    with pytest.raises(PermissionDenied):
        services.add_partner_ticket(
            ticket, actor=ticket.requester, partner="Stripe", reference="CS-10"
        )
    assert world() == before
    client = Client()
    client.force_login(ticket.requester)
    portal = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "CS-9" not in portal
    assert "Stripe" not in portal


def test_the_desk_form_records_and_refuses_with_a_message(agent, stripe):
    ticket = TicketFactory()
    client = Client()
    client.force_login(agent)
    url = f"/desk/tickets/{ticket.pk}/partner-tickets/"

    done = client.post(url, {"partner": stripe.pk, "reference": "CS-7"}, follow=True)
    refused = client.post(
        url, {"partner": stripe.pk, "reference": "CS-8", "url": "file:///etc/passwd"}, follow=True
    )

    assert "Recorded Stripe ticket CS-7." in done.content.decode()
    assert "must be an http or https address" in refused.content.decode()
    assert list(PartnerTicket.objects.values_list("reference", flat=True)) == ["CS-7"]
