"""The emails read like a professional's (seed 000): a greeting with the customer's name, the
agent's name and signature, a sign-off, plain text and HTML, and the "reply above this line"
marker on top of every email a customer can answer. Nothing anyone typed becomes markup."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.notifications.markers import REPLY_MARKER, above_marker
from helpdesk.notifications.models import Notification
from helpdesk.notifications.selectors import signature_of
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.factories_outbound import StaffSettingsFactory
from tickets import notify, services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def carla(db):
    return CustomerFactory(username="carla", first_name="Carla", last_name="Diaz")


@pytest.fixture
def ada(db):
    agent = AgentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    StaffSettingsFactory(user=agent, signature="Ada Lovelace\nSenior support engineer")
    return agent


def test_a_public_reply_greets_the_customer_and_is_signed_by_the_agent(carla, ada, published):
    ticket = TicketFactory(requester=carla, subject="Export fails")

    services.reply(ticket, actor=ada, body="Please clear the cache.\n\nHave a good day.")

    row = Notification.objects.get(kind="public_reply")
    assert row.body_text == (
        f"{REPLY_MARKER}\n"
        "\n"
        "Hello Carla Diaz,\n"
        "\n"
        "Please clear the cache.\n"
        "\n"
        "Have a good day.\n"
        "\n"
        "Kind regards,\n"
        "Ada Lovelace\n"
        "Senior support engineer\n"  # the signature's first line repeated the name: once only
        "\n"
        "Reply to this email, or view the ticket:\n"
        f"http://127.0.0.1:8000/portal/tickets/{ticket.pk}/\n"
    )
    html = row.body_html
    assert html.index(REPLY_MARKER) < html.index("<p>Hello Carla Diaz,</p>")
    assert html.index("<p>Hello Carla Diaz,</p>") < html.index("Please clear the cache.")
    assert "Kind regards,<br>\n<strong>Ada Lovelace</strong>" in html
    assert '<span class="signature" style="color:#4b5563;">Senior support engineer</span>' in html
    link = f"http://127.0.0.1:8000/portal/tickets/{ticket.pk}/"
    assert f'Reply to this email, or view the ticket: <a href="{link}">{link}</a>' in html
    assert "Reply here" not in row.body_text


def test_without_a_signature_the_agent_signs_with_their_name(carla, published):
    bob = AgentFactory(username="bob")
    ticket = TicketFactory(requester=carla)

    services.reply(ticket, actor=bob, body="Done.")

    text = Notification.objects.get(kind="public_reply").body_text
    assert "Kind regards,\nbob\n\nReply to this email" in text


@pytest.mark.parametrize(
    "kind", ["ticket_received", "pending_reminder", "auto_resolved", "ticket_closed"]
)
def test_every_email_the_customer_can_answer_has_the_marker_greeting_and_sign_off(
    carla, kind, published
):
    ticket = TicketFactory(requester=carla, pending=True)
    ticket.auto_resolve_at = ticket.pending_since
    getattr(notify, kind)(ticket, ticket.created_at)

    row = Notification.objects.get(kind=kind)
    assert row.body_text.startswith(f"{REPLY_MARKER}\n\nHello Carla Diaz,\n\n")
    assert "\n\nKind regards,\nThe support team\n\nReply to this email, or view the ticket:\n" in (
        row.body_text
    )
    assert row.body_html.count(REPLY_MARKER) == 1
    assert "<p>Hello Carla Diaz,</p>" in row.body_html
    assert "Kind regards,<br>\n<strong>The support team</strong>" in row.body_html


def test_what_people_typed_is_escaped_in_the_html_and_kept_verbatim_in_the_text(published):
    carla = CustomerFactory(username="carla", first_name="<b>Carla</b>")
    eve = AgentFactory(username="eve", first_name="Eve")
    StaffSettingsFactory(user=eve, signature='<img src=x onerror="alert(1)">\nTeam <Lead>')
    ticket = TicketFactory(requester=carla, subject="<script>alert(2)</script>")

    services.reply(ticket, actor=eve, body='Try <iframe src="x"></iframe> **this**')

    row = Notification.objects.get(kind="public_reply")
    html = row.body_html
    for raw in ["<b>Carla</b>", "<img", "<Lead>", "<script>", "<iframe"]:
        assert raw not in html
    assert "Hello &lt;b&gt;Carla&lt;/b&gt;," in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>Team &lt;Lead&gt;" in html
    assert "<strong>this</strong>" in html  # the reply's Markdown, sanitized
    assert "Hello <b>Carla</b>," in row.body_text
    assert '<img src=x onerror="alert(1)">\nTeam <Lead>' in row.body_text
    assert row.subject == f"[#{ticket.pk}] <script>alert(2)</script>"


def test_the_signature_costs_one_query(ada):
    with CaptureQueriesContext(connection) as ctx:
        assert signature_of(ada.pk) == "Ada Lovelace\nSenior support engineer"
    assert len(ctx.captured_queries) == 1
    assert signature_of(AgentFactory().pk) == ""


def test_a_reply_costs_the_same_queries_with_or_without_a_signature(carla, ada, published):
    bob = AgentFactory(username="bob")
    counts = []
    for agent in [ada, bob]:
        ticket = TicketFactory(requester=carla)
        with CaptureQueriesContext(connection) as ctx:
            services.reply(Ticket.objects.get(pk=ticket.pk), actor=agent, body="Hello again.")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_text_above_the_marker_is_the_answer():
    answer = (
        f"Thanks, it works now!\n\nOn Mon, Support wrote:\n> {REPLY_MARKER}\n> \n> Hello Carla,\n"
    )
    assert above_marker(answer) == "Thanks, it works now!\n\nOn Mon, Support wrote:"
    assert above_marker("No marker here.\n> quoted") == "No marker here.\n> quoted"
