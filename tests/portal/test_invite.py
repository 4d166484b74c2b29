"""Staff invite customers; the invitation's link lets them set a password, once."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, OrganizationFactory, UserFactory
from tickets.models import CustomerProfile
from tickets.services import AccountExists, invite_customer

pytestmark = pytest.mark.django_db
User = get_user_model()


def sent_mail():
    """What the outbox's sender delivers now (the email leaves through the outbox)."""
    sender.send_pending()
    return mail.outbox


def _link(message) -> str:
    return re.search(r"https?://\S+/accounts/welcome/\S+/", message.body).group(0)


def test_an_agent_invites_a_customer_who_gets_an_email_with_a_set_password_link(
    agent, django_capture_on_commit_callbacks
):
    org = OrganizationFactory(name="Acme")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = invite_customer(
            actor=agent,
            organization=org,
            email=" Bob@Example.COM ",
            site_url="https://help.example.com/",
        )
    assert len(callbacks) == 1
    user.refresh_from_db()
    assert user.username == "Bob@example.com"
    assert user.email == "Bob@example.com"
    assert user.has_usable_password() is False
    assert user.customer_profile.organization == org
    assert user.customer_profile.is_manager is False
    assert len(sent_mail()) == 1
    message = sent_mail()[0]
    assert message.to == ["Bob@example.com"]
    assert message.subject == "Your Acme helpdesk account: set your password"
    assert "Your username: Bob@example.com" in message.body
    link = _link(message)
    assert link.startswith("https://help.example.com/accounts/welcome/")
    uid, token = link.rstrip("/").split("/")[-2:]
    assert force_str(urlsafe_base64_decode(uid)) == str(user.pk)
    assert default_token_generator.check_token(user, token)


def test_an_invitation_with_a_username_and_manager_flag(lead, django_capture_on_commit_callbacks):
    org = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user = invite_customer(
            actor=lead, organization=org, email="m@example.com", username="mgr", is_manager=True
        )
    assert user.username == "mgr"
    assert user.customer_profile.is_manager is True
    assert "Your username: mgr" in sent_mail()[0].body


def test_the_invitation_is_queued_in_the_same_transaction_as_the_account(agent):
    def invite_then_crash():
        with transaction.atomic():
            invite_customer(actor=agent, organization=OrganizationFactory(), email="x@example.com")
            raise RuntimeError("crash before the commit")

    with pytest.raises(RuntimeError):
        invite_then_crash()
    assert not User.objects.filter(email="x@example.com").exists()
    assert not Notification.objects.filter(kind="invitation").exists()
    assert sent_mail() == []


def test_the_invitation_leaves_once_even_if_the_sender_runs_twice(agent):
    invite_customer(actor=agent, organization=OrganizationFactory(), email="x@example.com")
    assert len(sent_mail()) == 1
    assert len(sent_mail()) == 1
    assert Notification.objects.get(kind="invitation").recipient == "x@example.com"


@pytest.mark.parametrize("role", ["customer", "plain user"])
def test_only_staff_may_invite_and_a_refusal_creates_nothing(
    role, django_capture_on_commit_callbacks
):
    actor = CustomerFactory() if role == "customer" else UserFactory()
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        invite_customer(actor=actor, organization=OrganizationFactory(), email="x@example.com")
    assert User.objects.count() == users_before
    assert sent_mail() == []


def test_an_email_that_already_has_an_account_is_refused(agent, django_capture_on_commit_callbacks):
    CustomerFactory(username="carol", email="carol@example.com")
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccountExists) as error:
        invite_customer(actor=agent, organization=OrganizationFactory(), email="CAROL@example.com")
    assert error.value.details["fields"] == {
        "email": ["CAROL@example.com already has an account; nothing was sent."]
    }
    assert User.objects.count() == users_before
    assert sent_mail() == []


def test_a_taken_username_is_refused(agent, django_capture_on_commit_callbacks):
    CustomerFactory(username="dave", email="dave@example.com")
    profiles_before = CustomerProfile.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccountExists) as error:
        invite_customer(
            actor=agent,
            organization=OrganizationFactory(),
            email="new@example.com",
            username="Dave",
        )
    assert error.value.details["fields"] == {
        "username": ["Dave is taken; choose another username."]
    }
    assert CustomerProfile.objects.count() == profiles_before
    assert not User.objects.filter(email="new@example.com").exists()
    assert sent_mail() == []


@pytest.mark.parametrize(
    ("email", "username", "field"),
    [
        ("not-an-email", None, "email"),
        ("", None, "email"),
        ("ok@example.com", "bad name!", "username"),
    ],
)
def test_invalid_fields_are_refused(agent, email, username, field):
    users_before = User.objects.count()
    with pytest.raises(ValidationFailed) as error:
        invite_customer(
            actor=agent, organization=OrganizationFactory(), email=email, username=username
        )
    assert list(error.value.details["fields"]) == [field]
    assert User.objects.count() == users_before


def test_the_link_sets_a_password_once_and_the_customer_signs_in(
    agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_customer(actor=agent, organization=OrganizationFactory(), email="eve@example.com")
    path = urlsplit(_link(sent_mail()[0])).path
    client = Client()

    landing = client.get(path, follow=True)
    assert landing.status_code == 200
    assert landing.context["title"] == "Set your password"
    assert b"<title>Set your password \xc2\xb7 Helpdesk</title>" in landing.content
    done = client.post(
        landing.redirect_chain[-1][0],
        {"new_password1": "a long passphrase 42", "new_password2": "a long passphrase 42"},
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-set/"

    assert Client().login(username="eve@example.com", password="a long passphrase 42")
    again = Client().get(path)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "This link no longer works" in again.content.decode()


def test_without_a_request_the_link_uses_the_base_url_every_email_uses(agent, settings):
    settings.HELPDESK_BASE_URL = "https://support.example.org/"
    invite_customer(actor=agent, organization=OrganizationFactory(), email="dan@example.com")
    message = sent_mail()[0]
    assert _link(message).startswith("https://support.example.org/accounts/welcome/")
    assert "https://support.example.org/accounts/login/" in message.body
