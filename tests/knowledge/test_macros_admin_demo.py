"""The demo macros are seeded once and answer a demo ticket; admin names macros in human words
and refuses an unknown placeholder as the desk does."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from knowledge import macro_demo
from knowledge import selectors_macros as selectors
from knowledge.macro_models import Macro, MacroUse
from tests.factories import TicketFactory, UserFactory
from tests.knowledge.macro_factories import MacroFactory
from tickets.demo import seed_demo as seed_tickets
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_fr1_in_both_languages_and_thanks_once():
    seed_tickets()

    first = macro_demo.seed_demo()
    second = macro_demo.seed_demo()

    assert first == "Macros: 3 created, 3 in all."
    assert second == "Macros: 0 created, 3 in all."
    rows = list(
        Macro.objects.values_list("shortcut", "language", "scope", "set_status", "add_tags")
    )
    assert rows == [
        ("fr1", "en", "everyone", "set_pending", "needs-details"),
        ("fr1", "es", "everyone", "set_pending", "needs-details"),
        ("thanks", "en", "everyone", "", ""),
    ]
    triage = get_user_model().objects.get(username="triage")
    ticket = Ticket.objects.order_by("pk").first()
    fr1 = selectors.macro_for_shortcut(triage, ticket, "fr1")
    text = selectors.render_for(fr1, ticket, triage).text
    customer = ticket.requester.first_name or ticket.requester.username
    assert text.startswith(
        f'Thank you for ticket #{ticket.pk}, "{ticket.subject}", {customer}. I am triage and I '
        f"am looking into it for {ticket.organization.name}."
    )
    assert "{{" not in text


def test_admin_lists_macros_and_their_uses_in_human_words():
    root = UserFactory(is_superuser=True, is_staff=True)
    macro = MacroFactory(shortcut="fr1", name="First response")
    MacroUse.objects.create(macro=macro, agent=root, ticket=TicketFactory(), at=timezone.now())
    client = Client()
    client.force_login(root)

    index = client.get("/admin/").content.decode()
    macros = client.get("/admin/knowledge/macro/").content.decode()
    uses = client.get("/admin/knowledge/macrouse/")

    assert ">Macros</a>" in index
    assert ">Macro uses</a>" in index
    assert "First response" in macros
    assert uses.status_code == 200


def test_admin_refuses_an_unknown_placeholder():
    root = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)

    response = client.post(
        "/admin/knowledge/macro/add/",
        {
            "name": "Broken",
            "shortcut": "br1",
            "language": "en",
            "body": "Hi {{ customer.last_name }}",
            "scope": "everyone",
        },
    )

    assert response.status_code == 200
    assert "{{ customer.last_name }} is not a placeholder." in response.content.decode()
    assert not Macro.objects.exists()

    response = client.post(
        "/admin/knowledge/macro/add/",
        {
            "name": "Fine",
            "shortcut": "/BR1",
            "language": "en",
            "body": "Hi {{ customer.first_name }}",
            "scope": "everyone",
            "add_tags": " a ,  b ,",
        },
    )
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.shortcut, macro.add_tags, macro.created_by) == ("br1", "a, b", root)
