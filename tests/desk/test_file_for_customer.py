"""An agent files a ticket on a customer's behalf (a phone call, a consultant's request)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from helpdesk.core.errors import ValidationFailed
from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, OrganizationFactory
from tickets import services
from tickets.models import Ticket
from tickets.states import FiledVia, Priority, Status

pytestmark = pytest.mark.django_db

FORM = {
    "category": "server_issue",
    "subject": "Nightly import stopped",
    "description": "Called in: the import has not run since Monday.",
}


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_ticket_arrives_in_triage_as_if_the_customer_had_filed_it(agent):
    carol = CustomerFactory(
        username="carol", customer_profile__organization=OrganizationFactory(name="Acme")
    )
    client = _desk(agent)
    page = client.get(f"/desk/tickets/new/?customer={carol.pk}").content.decode()
    assert "carol, Acme" in page

    response = client.post("/desk/tickets/new/", {**FORM, "requester": carol.pk}, follow=True)

    ticket = Ticket.objects.get()
    assert response.redirect_chain == [(f"/desk/tickets/{ticket.pk}/", 302)]
    assert f"Ticket #{ticket.pk} filed for carol; they get the confirmation email." in (
        response.content.decode()
    )
    assert (ticket.requester, ticket.organization.name) == (carol, "Acme")
    assert (ticket.status, ticket.priority, ticket.tier.slug) == (
        Status.OPEN,
        Priority.HIGH,
        "triage",
    )
    assert Notification.objects.get(kind="ticket_received").recipient == carol.email


def test_without_a_customer_the_form_comes_back_with_the_error_and_nothing_is_filed(agent):
    response = _desk(agent).post("/desk/tickets/new/", FORM)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the customer this ticket is for." in page
    assert "Nightly import stopped" in page  # what was typed stays
    assert not Ticket.objects.exists()


def test_only_customers_are_offered(agent, lead):
    CustomerFactory(username="carol")
    page = _desk(agent).get("/desk/tickets/new/").content.decode()
    assert "(carol, " in page
    assert f"({lead.get_username()}," not in page
    response = _desk(agent).post("/desk/tickets/new/", {**FORM, "requester": lead.pk})
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_customers_cannot_file_for_others(customer):
    assert _desk(customer).get("/desk/tickets/new/").status_code == 403


# --- who filed it (issue 14) ------------------------------------------------------------------


def _filed_by_phone(agent, carol):
    return services.submit_ticket(
        actor=agent,
        requester=carol,
        subject="Nightly import stopped",
        description="Called in: the import has not run since Monday.",
        category="server_issue",
        filed_via=FiledVia.PHONE,
    )


def test_the_customer_reads_who_filed_the_ticket_for_them_and_how_not_you(agent):
    agent.first_name, agent.last_name = "Tina", "Tran"
    agent.save()
    carol = CustomerFactory(username="carol", first_name="Carol", last_name="Cruz")

    ticket = _filed_by_phone(agent, carol)

    assert (ticket.requester, ticket.filed_by, ticket.filed_via) == (carol, agent, "phone")
    portal = _desk(carol).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert (
        'Filed by <strong>Tina Tran</strong> <span class="tag is-info is-light">Support team</span>'
        " on behalf of Carol Cruz (phone)"
    ) in portal
    assert "<strong>You</strong>" not in portal


def test_the_desk_says_which_agent_filed_it_on_whose_behalf_at_no_extra_query(
    agent, lead, django_assert_num_queries
):
    carol = CustomerFactory(username="carol")
    filed = _filed_by_phone(agent, carol)
    own = _filed_by_phone(carol, carol)  # the same ticket, filed by carol herself
    client = _desk(lead)
    client.get(f"/desk/tickets/{own.pk}/")  # warm up: the session, the content types

    with CaptureQueriesContext(connection) as own_page:
        own_html = client.get(f"/desk/tickets/{own.pk}/").content.decode()
    with django_assert_num_queries(len(own_page.captured_queries)):  # filed_by comes with it
        filed_html = client.get(f"/desk/tickets/{filed.pk}/").content.decode()

    assert "filed by tina on behalf of carol (phone)" in filed_html
    assert "from carol" in own_html
    assert "filed by" not in own_html


def test_a_customer_filing_for_themselves_is_not_filed_by_anyone(customer):
    ticket = services.submit_ticket(
        actor=customer,
        subject="Export broken",
        description="The CSV is empty.",
        category="question",
        filed_via=FiledVia.PHONE,
    )
    assert (ticket.filed_by, ticket.filed_via) == (None, "")
    page = _desk(customer).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "<strong>You</strong>" in page
    assert "Filed by" not in page


def test_an_unknown_way_of_asking_is_refused_and_nothing_is_filed(agent):
    carol = CustomerFactory(username="carol")
    with pytest.raises(ValidationFailed) as refused:
        services.submit_ticket(
            actor=agent,
            requester=carol,
            subject="Export broken",
            description="The CSV is empty.",
            category="question",
            filed_via="carrier pigeon",
        )
    assert "filed_via" in refused.value.details["fields"]
    assert not Ticket.objects.exists()


def test_the_filing_form_records_how_the_customer_asked(agent):
    carol = CustomerFactory(username="carol")
    client = _desk(agent)
    assert "How did they ask?" in client.get("/desk/tickets/new/").content.decode()

    client.post("/desk/tickets/new/", {**FORM, "requester": carol.pk, "filed_via": "chat"})

    ticket = Ticket.objects.get()
    assert (ticket.requester, ticket.filed_by, ticket.filed_via) == (carol, agent, "chat")
    page = _desk(carol).get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "on behalf of carol (chat)" in page
