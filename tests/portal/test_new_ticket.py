"""The portal's new-ticket form: category cards first, intake fields, attachments, errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import CustomerFactory
from tickets.models import Attachment, Ticket
from tickets.states import CATEGORY_HINTS, Category, Priority, Status

pytestmark = pytest.mark.django_db

FILLED = {
    "category": "issue_with_error",
    "subject": "Checkout fails",
    "description": "Clicking **Pay** shows an error.",
    "production_url": "https://shop.example.com/checkout",
    "version_seen": "4.2.1",
    "browser": "Firefox 128",
    "steps_to_reproduce": "1. Add to cart\n2. Pay",
    "error_text": "Error 500: upstream timed out",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_form_shows_the_five_categories_first_with_hint_and_target(customer):
    response = _client(customer).get("/portal/new/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>New ticket · Helpdesk</title>" in page
    for category in Category:
        hint, target = CATEGORY_HINTS[category]
        assert f'value="{category.value}"' in page
        assert f">{category.label}</label>" in page
        assert hint.replace("'", "&#x27;") in page
        assert f"First response within {target}." in page
    assert page.index('name="category"') < page.index('name="subject"')


def test_the_form_shows_the_attachment_limits_before_upload(customer, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 2 * 1024**2
    settings.HELPDESK_ATTACHMENT_EXTENSIONS = ["png", "log"]
    page = _client(customer).get("/portal/new/").content.decode()
    assert "Up to 2 MB per file. Accepted: png, log. You can choose several files at once." in page
    assert 'accept=".png,.log"' in page
    assert f'data-max-bytes="{2 * 1024**2}"' in page
    assert 'data-extensions="png,log"' in page
    assert "multiple" in page


def test_every_control_has_a_label(customer):
    page = _client(customer).get("/portal/new/").content.decode()
    for name in (
        "subject",
        "description",
        "production_url",
        "version_seen",
        "browser",
        "steps_to_reproduce",
        "error_text",
        "attachments",
    ):
        assert f'<label class="label" for="id_{name}">' in page
    for index in range(5):
        assert f'<label for="id_category_{index}">' in page


def test_submitting_files_the_ticket_with_its_intake_fields_and_attachments(customer):
    files = [
        SimpleUploadedFile("screen.png", b"\x89PNG fake", content_type="image/png"),
        SimpleUploadedFile("server.log", b"trace", content_type="text/plain"),
    ]
    response = _client(customer).post("/portal/new/", {**FILLED, "attachments": files})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/tickets/{ticket.pk}/"
    assert ticket.requester == customer
    assert ticket.status == Status.OPEN
    assert ticket.priority == Priority.NORMAL
    assert ticket.production_url == "https://shop.example.com/checkout"
    assert ticket.version_seen == "4.2.1"
    assert ticket.browser == "Firefox 128"
    assert ticket.steps_to_reproduce == "1. Add to cart\n2. Pay"
    assert ticket.error_text == "Error 500: upstream timed out"
    assert sorted(Attachment.objects.values_list("filename", flat=True)) == [
        "screen.png",
        "server.log",
    ]


def test_missing_fields_show_errors_next_to_them_and_keep_what_was_typed(customer):
    response = _client(customer).post(
        "/portal/new/", {**FILLED, "category": "", "subject": "  ", "description": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
    assert "Choose the category that fits best." in page
    assert "Tell us in a few words what this is about." in page
    assert "Describe the problem or question." in page
    assert 'value="https://shop.example.com/checkout"' in page
    assert 'value="4.2.1"' in page
    assert ">\n1. Add to cart\n2. Pay</textarea>" in page
    assert ">\nError 500: upstream timed out</textarea>" in page
    assert "3 things need fixing" in page
    assert 'aria-invalid="true"' in page


def test_an_error_keeps_the_chosen_category(customer):
    page = _client(customer).post("/portal/new/", {**FILLED, "subject": ""}).content.decode()
    assert 'value="issue_with_error" id="id_category_2" checked' in page


def test_an_error_says_that_chosen_files_must_be_chosen_again(customer):
    upload = SimpleUploadedFile("a.png", b"png", content_type="image/png")
    page = (
        _client(customer)
        .post("/portal/new/", {**FILLED, "subject": "", "attachments": [upload]})
        .content.decode()
    )
    assert "browsers cannot keep a chosen file when a form comes back with an error" in page
    assert Attachment.objects.count() == 0


def test_an_oversized_file_is_refused_by_the_server_next_to_the_field(customer, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024**2
    big = SimpleUploadedFile("dump.log", b"x" * (3 * 1024**2 // 2), content_type="text/plain")
    response = _client(customer).post("/portal/new/", {**FILLED, "attachments": [big]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "dump.log is 1.5 MB; the limit is 1 MB per file." in page
    assert 'value="Checkout fails"' in page
    assert Ticket.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_a_file_of_a_refused_type_is_refused(customer):
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    page = _client(customer).post("/portal/new/", {**FILLED, "attachments": [bad]}).content.decode()
    assert "run.exe: files of type .exe are not accepted." in page
    assert Ticket.objects.count() == 0


def test_a_manager_files_a_ticket_in_their_own_name(db):
    manager = CustomerFactory(customer_profile__is_manager=True)
    _client(manager).post("/portal/new/", FILLED)
    assert Ticket.objects.get().requester == manager
