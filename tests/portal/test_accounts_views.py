"""The desk's invite page, password reset by email, and the Markdown preview endpoint."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from helpdesk.notifications import sender
from tests.factories import CustomerFactory, OrganizationFactory
from tickets.models import CustomerProfile

pytestmark = pytest.mark.django_db
User = get_user_model()


def sent_mail():
    """What the outbox's sender delivers now (the email leaves through the outbox)."""
    sender.send_pending()
    return mail.outbox


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_invite_page_shows_a_labelled_form(agent):
    OrganizationFactory(name="Acme")
    response = _client(agent).get("/desk/customers/invite/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Invite a customer · Helpdesk</title>" in page
    for field in ("organization", "email", "username", "is_manager"):
        assert f'for="id_{field}"' in page
    assert ">Acme</option>" in page


def test_inviting_from_the_page_creates_the_customer_and_sends_the_email(
    agent, django_capture_on_commit_callbacks
):
    org = OrganizationFactory(name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(agent).post(
            "/desk/customers/invite/",
            {
                "organization": org.pk,
                "email": "new@example.com",
                "username": "",
                "is_manager": "on",
            },
            follow=True,
        )
    assert response.redirect_chain == [("/desk/customers/invite/", 302)]
    assert "Invitation sent to new@example.com (username new@example.com, Acme)" in (
        response.content.decode()
    )
    profile = CustomerProfile.objects.get(user__email="new@example.com")
    assert profile.organization == org
    assert profile.is_manager is True
    assert [m.to for m in sent_mail()] == [["new@example.com"]]
    assert "http://testserver/accounts/welcome/" in sent_mail()[0].body


def test_a_duplicate_invitation_shows_the_error_next_to_the_field_and_keeps_the_input(
    agent, django_capture_on_commit_callbacks
):
    CustomerFactory(username="carol", email="carol@example.com")
    org = OrganizationFactory()
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(agent).post(
            "/desk/customers/invite/",
            {"organization": org.pk, "email": "carol@example.com", "username": "carol2"},
        )
    page = response.content.decode()
    assert response.status_code == 409  # the account exists: a conflict
    assert "carol@example.com already has an account; nothing was sent." in page
    assert 'value="carol2"' in page
    assert User.objects.count() == users_before
    assert sent_mail() == []


def test_customers_may_not_open_the_invite_page(customer):
    assert _client(customer).get("/desk/customers/invite/").status_code == 403
    assert _client(customer).post("/desk/customers/invite/", {}).status_code == 403


def test_the_sign_in_page_links_to_password_reset():
    page = _client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in page
    assert ">Forgot your password?</a>" in page


def _reset_link() -> str:
    return urlsplit(
        re.search(r"http://testserver/accounts/reset/\S+/", sent_mail()[0].body)[0]
    ).path


def test_password_reset_by_email_lets_a_customer_choose_a_new_password():
    CustomerFactory(username="frank", email="frank@example.com")
    client = _client()
    sent = client.post("/accounts/password-reset/", {"email": "frank@example.com"})
    assert sent.status_code == 302
    assert sent["Location"] == "/accounts/password-reset/sent/"
    assert sent_mail()[0].subject == "Reset your helpdesk password"
    assert "account frank" in sent_mail()[0].body

    form = client.get(_reset_link(), follow=True)
    assert form.context["title"] == "Choose a new password"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another long secret 7", "new_password2": "another long secret 7"},
    )
    assert done["Location"] == "/accounts/password-set/"
    assert _client().login(username="frank", password="another long secret 7")


def test_an_invited_customer_whose_link_expired_can_ask_for_a_new_one(agent):
    user = CustomerFactory(username="gina", email="gina@example.com")
    user.set_unusable_password()
    user.save()
    _client().post("/accounts/password-reset/", {"email": "gina@example.com"})
    assert [m.to for m in sent_mail()] == [["gina@example.com"]]


def test_a_disabled_account_that_has_signed_in_before_gets_no_reset_email():
    user = CustomerFactory(username="hal", email="hal@example.com")
    user.set_unusable_password()
    user.last_login = user.date_joined
    user.save()
    response = _client().post("/accounts/password-reset/", {"email": "hal@example.com"})
    assert response.status_code == 302
    assert sent_mail() == []


def test_an_unknown_address_gets_the_same_answer_and_no_email():
    response = _client().post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert sent_mail() == []


def test_the_markdown_preview_returns_sanitized_html(customer):
    response = _client(customer).post(
        "/preview/markdown/", {"description": "**bold** <script>alert(1)</script>"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in body
    assert "<script" not in body


@pytest.mark.parametrize("field", ["text", "description", "body"])
def test_the_markdown_preview_reads_any_markdown_field(agent, field):
    response = _client(agent).post("/preview/markdown/", {field: "*hi*"})
    assert "<em>hi</em>" in response.content.decode()


def test_the_markdown_preview_of_nothing_says_so(customer):
    response = _client(customer).post("/preview/markdown/", {"body": "   "})
    assert "Nothing to preview yet" in response.content.decode()


def test_the_markdown_preview_needs_a_signed_in_user_and_post(customer):
    assert _client().post("/preview/markdown/", {"text": "x"}).status_code == 302
    assert _client(customer).get("/preview/markdown/").status_code == 405
