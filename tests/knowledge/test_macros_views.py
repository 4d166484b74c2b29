"""Macros on the desk: the reply box (picker, text for a ticket, actions and the use when the
reply is sent), the macros page (uses, last use, stale) and the form (placeholders refused on
save with a clear message)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from knowledge.macro_models import Macro, MacroUse
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.knowledge.macro_factories import MacroFactory
from tickets.models import Message, Tier
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notices(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def send(client, ticket, **data):
    return client.post(f"/desk/tickets/{ticket.pk}/", {"action": "reply", **data})


# --- the reply box -----------------------------------------------------------------------------


def test_the_ticket_page_offers_the_picker_inside_the_reply_form(agent):
    ticket = TicketFactory()

    html = signed_in(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    form = html[
        html.index('<section id="reply"') : html.index("</section>", html.index('id="reply"'))
    ]
    assert f'hx-get="/desk/macros/tickets/{ticket.pk}/"' in form
    assert f'data-render-url="/desk/macros/tickets/{ticket.pk}/render/"' in form
    assert '<input type="hidden" name="macro" id="reply-macro" value="">' in form
    assert '<script src="/static/js/macros.js" defer></script>' in form


def test_sending_the_reply_applies_the_macros_actions_and_counts_one_use(agent):
    ticket = TicketFactory()
    macro = MacroFactory(shortcut="fr1", add_tags="needs-details", set_status="set_pending")

    response = send(signed_in(agent), ticket, body="Edited answer", macro=str(macro.pk))

    assert response.status_code == 302
    assert notices(response) == [
        ("success", "Reply sent."),
        ("success", "Macro /fr1: tagged needs-details, set the status to Pending."),
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert list(ticket.tags.values_list("name", flat=True)) == ["needs-details"]
    reply = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert reply.body == "Edited answer"
    assert list(MacroUse.objects.values_list("macro", "agent", "ticket")) == [
        (macro.pk, agent.pk, ticket.pk)
    ]


def test_a_refused_action_is_reported_the_reply_is_sent_and_the_ticket_is_as_it_was(agent):
    ticket = TicketFactory(closed=True)
    macro = MacroFactory(shortcut="fr1", add_tags="needs-details", set_status="resolve")

    response = send(signed_in(agent), ticket, body="Answer", macro=str(macro.pk))

    assert notices(response) == [
        ("success", "Reply sent."),
        (
            "error",
            "Macro /fr1: its actions were not applied, and the ticket is as it was. Cannot "
            f"resolve ticket #{ticket.pk}: it is Closed. Allowed now: reopen. The reply was sent.",
        ),
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert list(ticket.tags.all()) == []
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).count() == 1
    assert MacroUse.objects.count() == 1


def test_a_note_with_a_macro_applies_nothing_and_counts_nothing(agent):
    ticket = TicketFactory()
    macro = MacroFactory(add_tags="needs-details", set_status="set_pending")

    response = send(signed_in(agent), ticket, body="For staff", action="note", macro=macro.pk)

    assert notices(response) == [
        ("success", "Internal note added."),
        ("warning", "A macro's actions go with a public reply: this internal note applied none."),
    ]
    ticket.refresh_from_db()
    assert (ticket.status, list(ticket.tags.all())) == (Status.OPEN, [])
    assert list(Message.objects.filter(ticket=ticket).values_list("kind", "body")) == [
        (MessageKind.INTERNAL_NOTE, "For staff")
    ]
    assert MacroUse.objects.count() == 0


def test_a_macro_the_agent_may_not_use_sends_the_reply_without_it(agent):
    ticket = TicketFactory()
    theirs = MacroFactory(person=True, set_status="set_pending")

    response = send(signed_in(agent), ticket, body="Answer", macro=theirs.pk)

    assert notices(response) == [
        ("success", "Reply sent."),
        ("warning", f"Macro {theirs.pk} was not found. The reply was sent without its actions."),
    ]
    assert MacroUse.objects.count() == 0
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_a_refused_reply_keeps_the_macro_chosen_and_counts_nothing(agent):
    ticket = TicketFactory()
    macro = MacroFactory()

    response = send(signed_in(agent), ticket, body="   ", macro=macro.pk)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<input type="hidden" name="macro" id="reply-macro" value="{macro.pk}">' in html
    assert MacroUse.objects.count() == 0


def test_the_picker_lists_the_variants_for_the_tickets_language_matching_the_search(agent):
    MacroFactory(shortcut="fr1", language="en", name="First response")
    MacroFactory(shortcut="fr1", language="es", name="Primera respuesta")
    MacroFactory(shortcut="thanks", name="Thanks, it works", set_status="resolve")
    spanish = TicketFactory(language="es")
    client = signed_in(agent)

    html = client.get(f"/desk/macros/tickets/{spanish.pk}/").content.decode()
    assert html.count("data-macro-insert=") == 2
    assert "<code>/fr1</code> Primera respuesta" in html
    assert "<code>/thanks</code> Thanks, it works" in html
    assert "When sent: Status: Resolved" in html

    html = client.get(f"/desk/macros/tickets/{spanish.pk}/?q=thank").content.decode()
    assert html.count("data-macro-insert=") == 1
    html = client.get(f"/desk/macros/tickets/{spanish.pk}/?q=zebra").content.decode()
    assert "No macro matches “zebra”." in html


@pytest.mark.parametrize("rows", [5, 50])
def test_the_picker_costs_the_same_queries_for_5_and_50_macros(
    agent, django_assert_num_queries, rows
):
    MacroFactory.create_batch(rows)
    ticket = TicketFactory()
    client = signed_in(agent)
    # session, user, groups, the ticket (with its tags), the macros (with owner, tier, team)
    with django_assert_num_queries(6):
        response = client.get(f"/desk/macros/tickets/{ticket.pk}/")
    assert response.content.decode().count("data-macro-insert=") == min(rows, 20)


def test_the_text_for_a_ticket_comes_as_json_by_shortcut_or_id(agent):
    customer = CustomerFactory(first_name="Amira")
    ticket = TicketFactory(requester=customer)
    macro = MacroFactory(
        shortcut="fr1", name="First response", add_tags="needs-details", set_priority="low"
    )
    client = signed_in(agent)
    url = f"/desk/macros/tickets/{ticket.pk}/render/"

    by_shortcut = client.get(url, {"shortcut": "fr1"}).json()
    by_id = client.get(url, {"macro": macro.pk}).json()

    expected = {
        "macro": macro.pk,
        "shortcut": "fr1",
        "name": "First response",
        "language": "en",
        "text": f"Hi Amira, about ticket #{ticket.pk}.",
        "actions": ["Tag: needs-details", "Priority: Low"],
    }
    assert by_shortcut == expected
    assert by_id == expected
    assert MacroUse.objects.count() == 0  # inserting is not using


def test_an_unknown_shortcut_or_no_macro_named_is_a_json_error(agent):
    ticket = TicketFactory()
    client = signed_in(agent)
    url = f"/desk/macros/tickets/{ticket.pk}/render/"

    missing = client.get(url, {"shortcut": "nope"})
    unnamed = client.get(url)

    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": "not_found", "message": "No macro /nope for this ticket."}
    }
    assert unnamed.status_code == 400
    assert unnamed.json()["error"]["code"] == "invalid"
    assert client.get(f"/desk/macros/tickets/{ticket.pk + 100}/render/").status_code == 404


# --- the macros page --------------------------------------------------------------------------


def test_leads_see_every_macro_with_uses_last_use_and_staleness(lead):
    long_ago = timezone.now() - timedelta(days=120)
    agent = AgentFactory(username="tina")
    MacroFactory(shortcut="fr1", name="First response", use_count=7, last_used_at=timezone.now())
    MacroFactory(shortcut="old", name="Old answer", created_at=long_ago, use_count=0)
    MacroFactory(person=True, owner=agent, shortcut="mine", name="Tina's own")
    client = signed_in(lead)

    html = client.get("/desk/macros/").content.decode()
    assert '<p class="mb-3" data-macro-summary>3 macros.</p>' in html
    rows = html[html.index("<tbody>") :]
    assert rows.index("/fr1") < rows.index("/old")  # most used first
    assert "<td>7</td>" in rows
    assert 'Old answer <span class="tag is-warning is-light" data-stale>Stale</span>' in rows
    assert "<td>tina</td>" in rows

    html = client.get("/desk/macros/?stale=1").content.decode()
    assert '<p class="mb-3" data-macro-summary>1 macro unused for 90 days.</p>' in html
    assert html.count("<tr data-macro=") == 1


def test_an_agent_sees_the_macros_they_may_use_and_edits_only_their_own(agent):
    other = AgentFactory()
    shared = MacroFactory(shortcut="all1")
    own = MacroFactory(person=True, owner=agent, shortcut="mine")
    MacroFactory(person=True, owner=other, shortcut="theirs")
    client = signed_in(agent)

    html = client.get("/desk/macros/").content.decode()

    assert html.count("<tr data-macro=") == 2
    assert "/theirs" not in html
    assert f'href="/desk/macros/{own.pk}/"' in html
    assert f'href="/desk/macros/{shared.pk}/"' not in html
    refused = client.get(f"/desk/macros/{shared.pk}/")
    assert refused.status_code == 403
    assert refused.content.decode() == "Only leads may change a macro for everyone."


@pytest.mark.parametrize("rows", [5, 50])
def test_the_macros_page_costs_the_same_queries_for_5_and_50_macros(
    lead, django_assert_num_queries, rows
):
    agent = AgentFactory()
    for n in range(rows):
        MacroFactory(person=True, owner=agent, shortcut=f"p{n}")
    client = signed_in(lead)
    # session, user, groups, the macros (with owner, tier, team), the bell's unread count,
    # the header's running timer
    with django_assert_num_queries(6):
        response = client.get("/desk/macros/")
    assert response.content.decode().count("<tr data-macro=") == rows


def test_the_form_refuses_an_unknown_placeholder_with_a_clear_message(agent):
    client = signed_in(agent)
    data = {
        "name": "First response",
        "shortcut": "fr1",
        "language": "en",
        "body": "Hi {{ customer.email }}",
        "scope": "person",
    }
    before = Macro.objects.count()

    response = client.post("/desk/macros/new/", data)

    assert response.status_code == 400
    assert (
        "{{ customer.email }} is not a placeholder. Use one of: {{ customer.first_name }}, "
        "{{ ticket.number }}"
    ) in response.content.decode()
    assert Macro.objects.count() == before

    response = client.post("/desk/macros/new/", {**data, "body": "Hi {{ customer.first_name }}"})
    assert response.status_code == 302
    assert notices(response) == [("success", "Macro /fr1 saved.")]
    macro = Macro.objects.get()
    assert (macro.owner, macro.scope, macro.body) == (
        agent,
        "person",
        "Hi {{ customer.first_name }}",
    )


def test_an_agent_is_offered_only_their_own_macros_a_lead_every_scope(agent, lead):
    agent_form = signed_in(agent).get("/desk/macros/new/").content.decode()
    lead_form = signed_in(lead).get("/desk/macros/new/").content.decode()

    assert '<option value="person" selected>Only me</option>' in agent_form
    assert 'value="everyone"' not in agent_form
    assert 'name="tier"' not in agent_form
    assert '<option value="everyone">Everyone</option>' in lead_form
    assert 'name="tier"' in lead_form


def test_a_lead_edits_a_tier_macro_through_the_form(lead):
    macro = MacroFactory(for_tier=True, tier=Tier.objects.get(slug="t1"), name="Old name")
    client = signed_in(lead)

    page = client.get(f"/desk/macros/{macro.pk}/")
    response = client.post(
        f"/desk/macros/{macro.pk}/",
        {
            "name": "New name",
            "shortcut": macro.shortcut,
            "language": "es",
            "body": macro.body,
            "scope": "tier",
            "tier": Tier.objects.get(slug="t2").pk,
            "set_status": "wait_on_customer",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    macro.refresh_from_db()
    assert (macro.name, macro.language, macro.tier.slug, macro.set_status) == (
        "New name",
        "es",
        "t2",
        "wait_on_customer",
    )


def test_leads_reach_the_macros_page_from_the_menu(lead):
    html = signed_in(lead).get("/desk/macros/").content.decode()
    assert '<a class="navbar-item" href="/desk/macros/">Macros</a>' in html


def test_customers_never_reach_macros():
    customer = CustomerFactory()
    ticket = TicketFactory(requester=customer)
    MacroFactory(shortcut="fr1")
    client = signed_in(customer)

    assert client.get("/desk/macros/").status_code == 403
    assert client.get(f"/desk/macros/tickets/{ticket.pk}/render/?shortcut=fr1").status_code == 403
    html = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "macro" not in html.lower()


def test_the_leads_page_shows_a_never_used_macro(lead):
    MacroFactory(shortcut="new1")
    html = signed_in(lead).get("/desk/macros/").content.decode()
    assert '<td><span class="muted">Never</span></td>' in html
