"""Ticket bodies render inert; attachments are checked on the way in and on the way out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from helpdesk.core.markdown import render_markdown
from tests.factories import CustomerFactory, MessageFactory, TicketFactory
from tickets.models import Attachment, Message, Ticket


def test_script_tags_are_removed():
    html = render_markdown("Hello <script>alert('x')</script> **world**")
    assert "<script" not in html
    assert "alert(" not in html
    assert "<strong>world</strong>" in html


def test_javascript_links_lose_their_href():
    html = render_markdown("[click](javascript:alert(1)) and <a href='javascript:evil()'>x</a>")
    assert "javascript:" not in html
    assert "<a" in html  # the link text stays, the dangerous target does not


def test_event_handler_attributes_are_stripped():
    html = render_markdown('<img src="https://example.com/a.png" onerror="alert(1)">')
    assert "onerror" not in html
    assert 'src="https://example.com/a.png"' in html


def test_links_get_safe_rel():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("<https://example.com>")


@pytest.mark.django_db
def test_desk_page_renders_a_hostile_description_inert(agent):
    ticket = TicketFactory(description="<script>steal()</script>[x](javascript:steal())")
    client = Client()
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "<script>steal()" not in page
    assert "javascript:steal" not in page


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_oversized_attachment_is_refused_and_nothing_is_saved(settings, customer):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("dump.txt", b"x" * 2048, content_type="text/plain")
    response = _api(customer).post(
        "/api/tickets/",
        {"subject": "s", "description": "d", "category": "question", "attachments": [big]},
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "dump.txt" in error["message"]
    assert "limit" in error["message"]
    assert Ticket.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "attachments").exists()


@pytest.mark.django_db
def test_refused_type_on_a_reply_saves_neither_message_nor_file(settings):
    ticket = TicketFactory()
    evil = SimpleUploadedFile("run.exe", b"MZ...", content_type="application/octet-stream")
    response = _api(ticket.requester).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "see file", "attachments": [evil]},
        format="multipart",
    )
    assert response.status_code == 400
    assert ".exe" in response.json()["error"]["message"]
    assert Message.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_portal_form_shows_the_attachment_error_and_keeps_the_text(settings, customer):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10
    client = Client()
    client.force_login(customer)
    response = client.post(
        "/portal/new/",
        {
            "category": "question",
            "subject": "Keep me",
            "description": "My long description",
            "attachments": SimpleUploadedFile("a.txt", b"more than ten bytes"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a.txt is" in page
    assert "Keep me" in page
    assert "My long description" in page
    assert Ticket.objects.count() == 0


def _get(user, attachment):
    client = Client()
    client.force_login(user)
    return client.get(f"/attachments/{attachment.pk}/{attachment.filename}")


@pytest.mark.django_db
def test_attachment_served_as_download_with_nosniff():
    ticket = TicketFactory()
    from tickets import services

    services.customer_reply(
        ticket,
        actor=ticket.requester,
        body="log",
        attachments=[
            SimpleUploadedFile("trace.log", b"Traceback"),
            SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n"),
        ],
    )
    log, png = ticket.attachments.order_by("id")
    response = _get(ticket.requester, log)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="trace.log"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Traceback"
    image = _get(ticket.requester, png)
    assert image["Content-Disposition"] == 'inline; filename="shot.png"'
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_attachment_of_an_internal_note_is_hidden_from_the_customer(agent):
    ticket = TicketFactory()
    from tickets import services

    note = services.add_internal_note(
        ticket,
        actor=agent,
        body="internal",
        attachments=[SimpleUploadedFile("secret.txt", b"staff only")],
    )
    attachment = note.attachments.get()
    assert _get(ticket.requester, attachment).status_code == 404
    assert _get(agent, attachment).status_code == 200


@pytest.mark.django_db
def test_attachment_of_another_customer_is_404():
    ticket = TicketFactory()
    MessageFactory(ticket=ticket)
    from tickets import services

    services.customer_reply(
        ticket, actor=ticket.requester, body="x", attachments=[SimpleUploadedFile("a.txt", b"a")]
    )
    assert _get(CustomerFactory(), ticket.attachments.get()).status_code == 404
