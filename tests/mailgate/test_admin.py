"""Received mail in Django admin: listed with its result and a link to its ticket, read-only."""

import pytest
from django.test import Client
from django.urls import reverse

from mailgate.models import ReceivedMail
from mailgate.services import receive
from mailgate.states import Result
from tests.factories import CustomerFactory, OrganizationFactory, UserFactory

from .corpus import mail

pytestmark = pytest.mark.django_db


def test_received_mail_is_listed_with_result_reason_and_ticket_link():
    org = OrganizationFactory(name="Acme", slug="acme")
    carol = CustomerFactory(
        username="carol", email="carol@acme.test", customer_profile__organization=org
    )
    row = receive(mail("no_message_id", sender=carol.email))[0]
    receive(mail("unknown_sender", domain="nowhere.example"))
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    listing = client.get(reverse("admin:mailgate_receivedmail_changelist")).content.decode()
    refused = client.get(
        reverse("admin:mailgate_receivedmail_changelist") + f"?result={Result.REFUSED}"
    ).content.decode()
    detail = client.get(reverse("admin:mailgate_receivedmail_change", args=[row.pk]))

    ticket_url = reverse("desk-ticket", kwargs={"number": row.ticket_number})
    assert f'href="{ticket_url}"' in listing
    assert "erin@nowhere.example" in listing
    assert "Cron jobs stopped running" not in refused
    assert "erin@nowhere.example" in refused
    assert detail.status_code == 200
    assert client.get(reverse("admin:mailgate_receivedmail_add")).status_code == 403
    assert ReceivedMail.objects.count() == 2
