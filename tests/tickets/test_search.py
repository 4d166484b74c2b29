"""Ticket search: what it finds, in what order, for whom, and what it shows.

Most tests run on SQLite (the ``icontains`` fallback) and PostgreSQL (full-text search); those
about stemming and the Spanish configuration are PostgreSQL only."""

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import on_postgresql
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    CustomerProfileFactory,
    MessageFactory,
    TicketFactory,
)
from tickets import search, selectors, services
from tickets.models import SearchDocument
from tickets.states import PUBLIC_MESSAGE_KINDS, Language, MessageKind

pytestmark = pytest.mark.django_db


def _found(user, text, within=None):
    within = selectors.tickets_visible_to(user) if within is None else within
    return [m.ticket_id for m in search.search(user, text, within=within).hits]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- ranking ------------------------------------------------------------------------------------


def test_a_subject_match_outranks_a_description_match_and_a_message_match(agent):
    in_message = TicketFactory(subject="Login trouble")
    MessageFactory(ticket=in_message, body="The invoice export is broken again.")
    in_description = TicketFactory(subject="Other", description="Our invoice page is blank.")
    in_subject = TicketFactory(subject="Invoice totals are wrong")
    TicketFactory(subject="Unrelated")

    found = _found(agent, "invoice")

    assert found[0] == in_subject.pk
    assert set(found) == {in_subject.pk, in_description.pk, in_message.pk}
    if on_postgresql():  # the weights: subject A, description B, public reply C
        assert found == [in_subject.pk, in_description.pk, in_message.pk]


def test_every_word_must_match_somewhere_in_the_ticket(agent):
    both = TicketFactory(subject="Checkout fails", description="A timeout on payment.")
    TicketFactory(subject="Checkout is slow")

    assert _found(agent, "checkout timeout") == [both.pk]


def test_intake_fields_are_searched(agent):
    ticket = TicketFactory(
        subject="Error",
        browser="Vivaldi 7",
        version_seen="9.8.7",
        error_text="TypeError: frobnicate is undefined",
        steps_to_reproduce="Open the wizard.",
        production_url="https://shop.example.com/wizard",
    )
    for text in ["vivaldi", "frobnicate", "wizard", "shop.example.com"]:
        assert _found(agent, text) == [ticket.pk], text


@pytest.mark.postgres
def test_english_words_match_by_their_stem(agent):
    ticket = TicketFactory(subject="The exports keep failing")

    assert _found(agent, "export failed") == [ticket.pk]


# --- visibility ---------------------------------------------------------------------------------


def test_a_customer_finds_only_their_own_tickets(customer):
    mine = TicketFactory(requester=customer, subject="Refund for order 5512")
    org = customer.customer_profile.organization
    same_org = CustomerFactory(customer_profile__organization=org)
    TicketFactory(requester=same_org, subject="Refund for order 9000")
    TicketFactory(subject="Refund elsewhere")

    assert _found(customer, "refund") == [mine.pk]


def test_an_organization_manager_finds_the_organization_tickets_only(customer):
    org = customer.customer_profile.organization
    manager = CustomerFactory()
    CustomerProfileFactory._meta.model.objects.filter(user=manager).update(
        organization=org, is_manager=True
    )
    manager.refresh_from_db()
    colleague = TicketFactory(requester=customer, subject="Refund please")
    TicketFactory(subject="Refund for another company")

    assert _found(manager, "refund") == [colleague.pk]


def test_internal_notes_are_searchable_by_staff_only(customer, agent):
    ticket = TicketFactory(requester=customer, subject="Slow pages")
    MessageFactory(ticket=ticket, internal=True, body="Suspect the zanzibar cache cluster.")
    MessageFactory(ticket=ticket, body="We are looking at the marmalade settings.")

    assert _found(agent, "zanzibar") == [ticket.pk]
    assert _found(customer, "zanzibar") == []
    assert _found(customer, "marmalade") == [ticket.pk]


def test_the_customer_portal_never_shows_an_internal_note(customer):
    ticket = TicketFactory(requester=customer, subject="Slow pages")
    MessageFactory(ticket=ticket, internal=True, body="zanzibar: the customer's code is bad.")

    html = _client(customer).get("/portal/?q=zanzibar").content.decode()

    assert "No ticket matches “zanzibar”." in html
    assert "the customer&#x27;s code" not in html
    assert "the customer's code" not in html


def test_the_portal_lists_matches_with_their_snippet(customer):
    ticket = TicketFactory(requester=customer, subject="Checkout error")
    MessageFactory(ticket=ticket, from_customer=True, body="The basket shows <b>nothing</b>.")
    TicketFactory(subject="Basket of someone else")

    html = _client(customer).get("/portal/?q=basket").content.decode()

    assert f'href="/portal/tickets/{ticket.pk}/">#{ticket.pk} Checkout error</a>' in html
    assert "<mark>basket</mark> shows" in html
    assert "<b>nothing" not in html
    assert "someone else" not in html


def test_a_customer_jumps_to_their_ticket_by_number_but_not_to_anyone_elses(customer):
    mine = TicketFactory(requester=customer)
    other = TicketFactory()

    assert _client(customer).get(f"/portal/?q=%23{mine.pk}").url == f"/portal/tickets/{mine.pk}/"
    response = _client(customer).get(f"/portal/?q={other.pk}")
    assert response.status_code == 200
    assert f"/portal/tickets/{other.pk}/" not in response.content.decode()


# --- the desk -----------------------------------------------------------------------------------


def test_a_ticket_number_jumps_to_the_ticket(agent):
    ticket = TicketFactory(subject="Anything")

    for text in [str(ticket.pk), f"#{ticket.pk}", f" # {ticket.pk} "]:
        response = _client(agent).get("/desk/", {"q": text})
        assert response.status_code == 302
        assert response.url == f"/desk/tickets/{ticket.pk}/"
    headers = {"HX-Request": "true", "HX-Target": "queue-results"}
    htmx = _client(agent).get("/desk/", {"q": f"#{ticket.pk}"}, headers=headers)
    assert htmx.headers["HX-Redirect"] == f"/desk/tickets/{ticket.pk}/"


def test_a_number_without_a_ticket_is_searched_as_text(agent):
    ticket = TicketFactory(subject="Error 404000 on the home page")

    response = _client(agent).get("/desk/", {"q": "404000", "status": "all"})

    assert response.status_code == 200
    assert f'href="/desk/tickets/{ticket.pk}/"' in response.content.decode()


def test_desk_search_combines_with_the_queue_filters(agent):
    open_one = TicketFactory(subject="Printer on fire")
    closed_one = TicketFactory(subject="Printer jammed", closed=True)

    all_html = _client(agent).get("/desk/?q=printer&status=all").content.decode()
    open_html = _client(agent).get("/desk/?q=printer&status=open").content.decode()

    assert f"/desk/tickets/{open_one.pk}/" in all_html
    assert f"/desk/tickets/{closed_one.pk}/" in all_html
    assert f"/desk/tickets/{open_one.pk}/" in open_html
    assert f"/desk/tickets/{closed_one.pk}/" not in open_html
    assert '<input type="hidden" name="q" value="printer">' in open_html


def test_snippets_escape_the_text_and_mark_only_the_matches(agent):
    ticket = TicketFactory(subject="Banner <script>alert(1)</script> broken")
    MessageFactory(ticket=ticket, body='Try <img src=x onerror="alert(2)"> then the banner.')

    html = _client(agent).get("/desk/?q=banner&status=all").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>" in html
    assert html.count("<mark>") == html.count("</mark>")


def test_the_search_box_is_on_every_desk_page_with_its_shortcut(agent):
    ticket = TicketFactory()

    for url in ["/desk/", f"/desk/tickets/{ticket.pk}/", "/desk/tasks/"]:
        html = _client(agent).get(url).content.decode()
        assert 'id="desk-search" name="q"' in html, url
        assert 'aria-keyshortcuts="/"' in html
    queue = _client(agent).get("/desk/").content.decode()
    assert '<kbd class="kbd">/</kbd></td><td>Search tickets' in queue


def test_customers_get_no_desk_search_box(customer):
    html = _client(customer).get("/portal/").content.decode()
    assert 'id="desk-search"' not in html


@pytest.mark.parametrize("n", [5, 50])
def test_desk_search_page_queries_do_not_grow_with_rows(agent, django_assert_num_queries, n):
    tickets = TicketFactory.create_batch(n, description="The quokka widget misbehaves.")
    MessageFactory(ticket=tickets[0], body="Another quokka sighting.")
    client = _client(agent)
    # session, user, groups, tiers of the filter, the queue's counts (one statement), the
    # search, the page's tickets, their snippets (PostgreSQL: one ts_headline statement; SQLite:
    # the texts, then the messages), the bell's unread count
    # + the running timer of the desk header (timesheets, one indexed query)
    with django_assert_num_queries(10 if on_postgresql() else 11):
        response = client.get("/desk/?q=quokka&status=all")
    html = response.content.decode()
    assert html.count('class="search-hit queue-row"') == n
    assert html.count('<p class="search-snippet">') == n
    assert "<mark>quokka</mark>" in html.lower()
    assert f"{n} tickets match" in html


# --- the API ------------------------------------------------------------------------------------


def test_api_search_uses_the_same_search_and_visibility(customer, agent):
    mine = TicketFactory(requester=customer, subject="Gateway timeout")
    MessageFactory(ticket=mine, internal=True, body="The pelican service is down.")
    other = TicketFactory(subject="Gateway timeout elsewhere")
    api = APIClient()

    api.force_authenticate(customer)
    assert [r["number"] for r in api.get("/api/tickets/?search=gateway").json()["results"]] == [
        mine.pk
    ]
    assert api.get("/api/tickets/?search=pelican").json()["count"] == 0
    assert api.get(f"/api/tickets/?search={other.pk}").json()["count"] == 0

    api.force_authenticate(agent)
    staff = [r["number"] for r in api.get("/api/tickets/?search=gateway").json()["results"]]
    assert sorted(staff) == sorted([mine.pk, other.pk])
    assert [r["number"] for r in api.get("/api/tickets/?search=pelican").json()["results"]] == [
        mine.pk
    ]
    by_number = api.get(f"/api/tickets/?search=%23{other.pk}").json()["results"]
    assert by_number[0]["number"] == other.pk


def test_api_search_combines_with_filters_and_ranks_best_first(agent):
    in_message = TicketFactory(subject="Other")
    MessageFactory(ticket=in_message, body="the heron export")
    in_subject = TicketFactory(subject="Heron export broken")
    TicketFactory(subject="Heron export closed", closed=True)
    api = APIClient()
    api.force_authenticate(agent)

    rows = api.get("/api/tickets/?search=heron&status=open").json()["results"]

    assert [r["number"] for r in rows] == [in_subject.pk, in_message.pk]


# --- languages and the index (PostgreSQL) -------------------------------------------------


@pytest.mark.postgres
def test_a_spanish_ticket_matches_spanish_stems(agent):
    spanish = TicketFactory(subject="No puedo imprimir las facturas")
    english = TicketFactory(subject="Cannot print the invoices")
    services.change_tags(spanish, actor=agent, add=["Spanish"])
    spanish.refresh_from_db()
    assert spanish.language == Language.SPANISH

    # "factura" and "facturas" share the Spanish stem; the English stemmer keeps them apart.
    assert _found(agent, "factura") == [spanish.pk]
    assert _found(agent, "imprimiendo") == [spanish.pk]
    assert _found(agent, "invoice") == [english.pk]


@pytest.mark.postgres
def test_the_language_follows_the_tag_and_re_reads_the_messages(agent):
    ticket = TicketFactory(subject="Problema")
    MessageFactory(ticket=ticket, body="Las conexiones fallan.")
    assert _found(agent, "fallar") == []  # English: "fallan" is not "fallar"

    services.change_tags(ticket, actor=agent, add=["spanish"])
    assert _found(agent, "fallar") == [ticket.pk]  # Spanish: both are "fall"

    services.change_tags(ticket, actor=agent, remove=["Spanish"])
    ticket.refresh_from_db()
    assert ticket.language == Language.ENGLISH
    assert _found(agent, "fallar") == []


@pytest.mark.postgres
def test_the_index_follows_every_write(agent):
    ticket = TicketFactory(subject="Alpha")
    message = MessageFactory(ticket=ticket, body="bravo")
    other = TicketFactory(subject="Other")

    ticket.subject = "Charlie"
    ticket.save()
    assert _found(agent, "alpha") == []
    assert _found(agent, "charlie") == [ticket.pk]

    message.ticket = other  # a split moves messages
    message.save()
    assert _found(agent, "bravo") == [other.pk]

    message.kind = MessageKind.INTERNAL_NOTE
    message.save()
    assert SearchDocument.objects.get(message=message).public is False
    message.delete()
    assert _found(agent, "bravo") == []
    assert SearchDocument.objects.filter(ticket=other).count() == 1


@pytest.mark.postgres
def test_the_trigger_agrees_with_the_public_message_kinds(agent):
    ticket = TicketFactory()
    for kind in MessageKind.values:
        MessageFactory(ticket=ticket, kind=kind, body=f"kind {kind}")
    public = dict(
        SearchDocument.objects.filter(ticket=ticket, message__isnull=False).values_list(
            "message__kind", "public"
        )
    )
    assert public == {kind: kind in PUBLIC_MESSAGE_KINDS for kind in MessageKind.values}


@pytest.mark.postgres
def test_the_search_uses_the_gin_index():
    sql = (
        "EXPLAIN SELECT id FROM tickets_searchdocument "
        "WHERE vector @@ websearch_to_tsquery('english', 'quokka')"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "searchdoc_vector_idx" in plan


def test_an_empty_query_finds_nothing_and_the_desk_shows_the_queue(agent):
    TicketFactory(subject="Something")
    assert search.search(agent, "   ", within=selectors.tickets_visible_to(agent)).hits == []
    html = _client(agent).get("/desk/?q=+++").content.decode()
    assert "queue-table" in html
    assert AgentFactory._meta.model.objects.filter(pk=agent.pk).exists()
