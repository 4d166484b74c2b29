"""The inbound pipeline on the committed corpus (``mail/``): threading, reply extraction,
attachments, senders, loops and bounces, as a customer and an agent would notice them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk.core.markdown import render_markdown
from helpdesk.notifications import addresses
from helpdesk.notifications import services as outbox
from helpdesk.notifications.models import Notification
from mailgate.models import ReceivedMail
from mailgate.services import receive
from mailgate.states import Result, Source, UnknownSender
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, TicketFactory
from tests.factories_inbound import MailboxFactory, SideThreadFactory
from tickets import selectors
from tickets.models import Attachment, Message, Ticket, TicketCC
from tickets.states import Category, MessageKind, Status

from .corpus import mail

pytestmark = pytest.mark.django_db


def _customer(email="carol@acme.test", org=None):
    org = org or OrganizationFactory(name="Acme", slug="acme")
    return CustomerFactory(username=email, email=email, customer_profile__organization=org)


def _sent(ticket, recipient, key="ticket-received"):
    """An email the helpdesk sent about ``ticket`` (its outbox row), for In-Reply-To."""
    outbox.enqueue(
        kind="ticket_received",
        recipient=recipient,
        template="tickets/emails/ticket_received",
        context={"ticket": ticket, "ticket_url": "http://x/"},
        dedupe_key=f"{key}:{ticket.pk}",
        ticket_number=ticket.pk,
    )
    return Notification.objects.get(dedupe_key=f"{key}:{ticket.pk}")


def _values(ticket, sender, **extra):
    return {
        "sender": sender,
        "number": ticket.pk,
        "reply_address": addresses.reply_address(ticket.pk, sender),
        "in_reply_to": "<nothing-sent@helpdesk.invalid>",
        **extra,
    }


def _customer_messages(ticket):
    return list(
        ticket.messages.filter(kind=MessageKind.CUSTOMER_REPLY).values_list("body", flat=True)
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gmail_reply_en", "Thanks, clearing the cache fixed the checkout for us."),
        ("gmail_reply_es", "Sigue fallando después de vaciar la caché."),
        ("outlook_reply_en", "It is broken again since this morning."),
        ("apple_reply_en", "Still broken on my phone."),
        ("outlook_reply_es", "Ya funciona, gracias por la ayuda."),
    ],
)
def test_a_customer_reply_lands_as_its_new_part_and_reopens_the_ticket(name, expected):
    carol = _customer()
    ticket = TicketFactory(requester=carol, pending=True)
    sent = _sent(ticket, carol.email)

    row, stored = receive(mail(name, **_values(ticket, carol.email, in_reply_to=sent.message_id)))

    assert stored
    assert (row.result, row.ticket_number) == (Result.REPLY, ticket.pk)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert _customer_messages(ticket) == [expected]


def test_each_threading_path_is_named_in_the_log():
    carol = _customer()
    ticket = TicketFactory(requester=carol)
    sent = _sent(ticket, carol.email)
    support = "support@helpdesk.localhost"

    by_address = receive(mail("gmail_reply_en", **_values(ticket, carol.email)))[0]
    by_references = receive(
        mail(
            "gmail_reply_es",
            **_values(ticket, carol.email, reply_address=support, in_reply_to=sent.message_id),
        )
    )[0]
    by_subject = receive(mail("outlook_reply_es", **_values(ticket, carol.email)))[0]

    assert by_address.reason.startswith("reply by reply address")
    assert by_references.reason.startswith("reply by In-Reply-To/References")
    assert by_subject.reason.startswith("reply by subject token")
    assert {by_address.ticket_number, by_references.ticket_number, by_subject.ticket_number} == {
        ticket.pk
    }


def test_references_to_a_received_mail_thread_the_answer():
    carol = _customer()
    ticket = TicketFactory(requester=carol)
    first = receive(mail("gmail_reply_en", **_values(ticket, carol.email)))[0]

    row = receive(
        mail(
            "apple_reply_en",
            **_values(ticket, carol.email, in_reply_to=first.message_id, number="999999"),
        )
    )[0]

    assert (row.result, row.ticket_number) == (Result.REPLY, ticket.pk)


def test_the_original_email_is_kept_for_staff_and_never_shown_to_the_customer(client):
    carol = _customer()
    ticket = TicketFactory(requester=carol)
    raw = mail("gmail_reply_en", **_values(ticket, carol.email))

    receive(raw)

    original = Attachment.objects.get(ticket=ticket, filename="original.eml")
    assert original.message.kind == MessageKind.SYSTEM_NOTE
    assert original.file.read() == raw
    assert original not in [
        a for m in selectors.messages_visible_to(carol, ticket) for a in m.attachments.all()
    ]
    client.force_login(carol)
    url = reverse("attachment-download", args=[original.pk, original.filename])
    assert client.get(url).status_code == 404
    page = client.get(reverse("portal-ticket", kwargs={"number": ticket.pk})).content.decode()
    assert "original.eml" not in page
    client.force_login(AgentFactory())
    assert client.get(url).status_code == 200


def test_a_reply_to_a_closed_ticket_opens_a_follow_up():
    carol = _customer()
    ticket = TicketFactory(requester=carol, closed=True)

    row = receive(mail("outlook_reply_en", **_values(ticket, carol.email)))[0]

    follow_up = Ticket.objects.get(linked_from=ticket)
    assert (row.result, row.ticket_number) == (Result.REPLY, follow_up.pk)
    assert "opened follow-up" in row.reason
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_html_only_mail_becomes_markdown_that_cannot_inject_markup():
    carol = _customer()

    row = receive(mail("html_only", sender=carol.email))[0]

    ticket = Ticket.objects.get(pk=row.ticket_number)
    assert "The **invoice export** gives an empty file." in ticket.description
    html = render_markdown(ticket.description)
    for forbidden in ("<script", "javascript:", "onerror", "<style", "evil.example", "<img"):
        assert forbidden not in html


def test_an_out_of_office_never_reopens_the_ticket_and_is_logged_for_staff():
    carol = _customer()
    ticket = TicketFactory(requester=carol, pending=True)
    sent = _sent(ticket, carol.email)

    row = receive(
        mail("out_of_office", **_values(ticket, carol.email, in_reply_to=sent.message_id))
    )[0]

    assert (row.result, row.ticket_number) == (Result.DISCARDED, ticket.pk)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert _customer_messages(ticket) == []
    note = ticket.messages.get(kind=MessageKind.SYSTEM_NOTE)
    assert "out of the office until 10 March" in note.body
    assert Notification.objects.filter(recipient=carol.email).count() == 1  # only the one sent


def test_a_bounce_marks_the_sent_email_bounced_and_says_so_on_the_ticket():
    carol = _customer()
    ticket = TicketFactory(requester=carol)
    sent = _sent(ticket, carol.email)

    row = receive(
        mail("dsn_bounce", recipient=carol.email, number=ticket.pk, message_id=sent.message_id)
    )[0]

    sent.refresh_from_db()
    assert sent.status == Notification.Status.BOUNCED
    assert sent.bounced_at == row.received_at
    assert "5.1.1" in sent.last_error
    assert (row.result, row.ticket_number) == (Result.BOUNCE, ticket.pk)
    note = ticket.messages.get(kind=MessageKind.SYSTEM_NOTE)
    assert f"The email to {carol.email} bounced" in note.body
    assert Notification.objects.count() == 1  # a bounce is never answered


def test_a_forged_reply_never_lands_on_someone_elses_ticket():
    carol = _customer()
    ticket = TicketFactory(requester=carol, pending=True)
    mallory = "mallory@evil.example"
    # Carol's reply address (her token) and her ticket's number in the subject.
    forged = mail("forged_reply", **_values(ticket, carol.email))

    row = receive(forged)[0]

    assert row.result == Result.REFUSED
    assert row.ticket_number is None
    assert f"not given to {mallory}" in row.reason
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.messages.count() == 0
    refusal = Notification.objects.get(recipient=mallory)
    assert refusal.kind == "mail_refused"
    assert refusal.in_reply_to == "<forged-1@evil.example>"


def test_a_customer_of_another_organization_cannot_write_into_a_ticket_by_its_number():
    carol = _customer()
    ticket = TicketFactory(requester=carol)
    other = _customer("olga@other.test", org=OrganizationFactory(name="Other", slug="other"))

    row = receive(
        mail("forged_reply", **_values(ticket, carol.email)).replace(
            b"mallory@evil.example", other.email.encode()
        )
    )[0]

    assert row.result == Result.NEW_TICKET
    assert row.ticket_number != ticket.pk
    assert (
        Ticket.objects.get(pk=row.ticket_number).organization == other.customer_profile.organization
    )
    assert ticket.messages.count() == 0


def test_a_duplicate_delivery_is_stored_once():
    carol = _customer()
    ticket = TicketFactory(requester=carol, pending=True)
    raw = mail("gmail_reply_en", **_values(ticket, carol.email))

    first, stored_first = receive(raw)
    second, stored_second = receive(raw, source=Source.DROP_FOLDER)

    assert (stored_first, stored_second) == (True, False)
    assert second.pk == first.pk
    assert ReceivedMail.objects.count() == 1
    assert len(_customer_messages(ticket)) == 1


def test_refused_files_are_listed_and_the_sender_told_while_the_rest_lands(settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024
    carol = _customer()
    ticket = TicketFactory(requester=carol)

    row = receive(mail("oversize_attachment", **_values(ticket, carol.email)))[0]

    assert row.result == Result.REPLY
    assert "2 files refused" in row.reason
    reply = ticket.messages.get(kind=MessageKind.CUSTOMER_REPLY)
    assert reply.body == "Here are the log, the tool and the full report."
    assert [a.filename for a in reply.attachments.all()] == ["server.log.txt"]
    note = ticket.messages.get(kind=MessageKind.SYSTEM_NOTE)
    assert "fixer.exe: files of type .exe are not accepted" in note.body
    assert "report.pdf is 0.0 MB; the limit is 0 MB per file." in note.body
    told = Notification.objects.get(recipient=carol.email, kind="mail_attachments_refused")
    assert "fixer.exe" in told.body_text
    assert "report.pdf" in told.body_text
    assert told.reply_to == addresses.reply_address(ticket.pk, carol.email)


def test_a_message_without_message_id_gets_a_stable_hash_and_is_stored_once():
    carol = _customer()
    raw = mail("no_message_id", sender=carol.email)

    row, _ = receive(raw)
    again, stored = receive(raw)

    assert row.result == Result.NEW_TICKET
    assert row.message_id.startswith("<sha256-")
    assert (again.pk, stored) == (row.pk, False)
    assert Ticket.objects.count() == 1


def test_a_known_customer_opens_a_ticket_in_triage_and_their_ccs_follow_it():
    carol = _customer()
    agent = AgentFactory(email="triage-agent@helpdesk-team.example")
    mailbox = MailboxFactory(default_category=Category.ISSUE_WITH_ERROR)

    row = receive(
        mail("new_ticket_with_cc", sender=carol.email, agent=agent.email),
        source=Source.IMAP,
        mailbox=mailbox,
    )[0]

    ticket = Ticket.objects.get(pk=row.ticket_number)
    assert (ticket.requester, ticket.category, ticket.tier.slug, ticket.status) == (
        carol,
        Category.ISSUE_WITH_ERROR,
        "triage",
        Status.OPEN,
    )
    assert (
        ticket.description == "Since this morning our payment webhook times out after 30 seconds."
    )
    assert list(TicketCC.objects.filter(ticket=ticket).values_list("email", "source")) == [
        ("dave@acme.test", TicketCC.Source.EMAIL)
    ]
    assert Notification.objects.filter(kind="ticket_received", recipient=carol.email).count() == 1


def test_the_pipe_without_a_mailbox_files_questions():
    carol = _customer()

    row = receive(mail("no_message_id", sender=carol.email))[0]

    assert Ticket.objects.get(pk=row.ticket_number).category == Category.QUESTION


def test_an_unknown_sender_is_refused_once_politely_by_default():
    row = receive(mail("unknown_sender", domain="nowhere.example"))[0]

    assert row.result == Result.REFUSED
    assert Ticket.objects.count() == 0
    refusal = Notification.objects.get()
    assert (refusal.recipient, refusal.kind) == ("erin@nowhere.example", "mail_refused")
    assert "has no account with our helpdesk" in refusal.body_text


def test_an_unknown_sender_of_a_known_domain_becomes_a_contact_when_the_mailbox_says_so():
    carol = _customer()
    mailbox = MailboxFactory(unknown_sender=UnknownSender.CREATE_CONTACT)

    row = receive(mail("unknown_sender", domain="acme.test"), mailbox=mailbox)[0]

    ticket = Ticket.objects.get(pk=row.ticket_number)
    assert ticket.requester.email == "erin@acme.test"
    assert ticket.organization == carol.customer_profile.organization
    assert not ticket.requester.has_usable_password()


def test_create_contact_refuses_a_domain_no_organization_writes_from():
    mailbox = MailboxFactory(unknown_sender=UnknownSender.CREATE_CONTACT)

    row = receive(mail("unknown_sender", domain="nowhere.example"), mailbox=mailbox)[0]

    assert row.result == Result.REFUSED
    assert "no organization writes from nowhere.example" in row.reason
    assert Ticket.objects.count() == 0


def test_automatic_answers_stop_after_the_hourly_limit(settings):
    settings.HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR = 3
    for n in range(5):
        raw = mail("unknown_sender", domain="nowhere.example").replace(
            b"<unknown-1@", f"<unknown-{n}@".encode()
        )
        receive(raw)

    assert Notification.objects.filter(recipient="erin@nowhere.example").count() == 3
    assert ReceivedMail.objects.filter(result=Result.REFUSED).count() == 5


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-generated",
        "Precedence: bulk",
        "Precedence: list",
        "X-Autoreply: yes",
        "X-Autorespond: yes",
    ],
)
def test_machine_sent_mail_is_never_answered(header):
    raw = mail("unknown_sender", domain="nowhere.example").replace(
        b"MIME-Version", header.encode() + b"\nMIME-Version"
    )

    row = receive(raw)[0]

    assert row.result == Result.DISCARDED
    assert Notification.objects.count() == 0


def test_mail_from_a_mailer_daemon_that_is_no_report_is_discarded():
    raw = mail("unknown_sender", domain="nowhere.example").replace(
        b"erin@nowhere.example", b"MAILER-DAEMON@nowhere.example"
    )

    row = receive(raw)[0]

    assert row.result == Result.DISCARDED
    assert Notification.objects.count() == 0


def test_a_partner_answer_lands_in_its_side_thread_and_stays_internal():
    thread = SideThreadFactory()
    partner = "pat@vendor.example"
    address = addresses.reply_address(thread.ticket_id, partner, thread=thread.pk)

    row = receive(mail("side_thread_reply", sender=partner, reply_address=address))[0]

    assert (row.result, row.ticket_number) == (Result.SIDE_THREAD, thread.ticket_id)
    message = Message.objects.get(pk=row.ticket_message_id)
    assert (message.kind, message.side_thread, message.author) == (
        MessageKind.INTERNAL_NOTE,
        thread,
        None,
    )
    assert "a fix ships tonight" in message.body
    assert "Do you see timeouts" not in message.body
    customer = thread.ticket.requester
    assert list(selectors.messages_visible_to(customer, thread.ticket)) == []
    thread.ticket.refresh_from_db()
    assert thread.ticket.status == Status.OPEN


def test_a_side_thread_address_only_works_for_people_on_the_thread():
    thread = SideThreadFactory()
    outsider = "eve@vendor.example"
    address = addresses.reply_address(thread.ticket_id, outsider, thread=thread.pk)

    row = receive(mail("side_thread_reply", sender=outsider, reply_address=address))[0]

    assert row.result == Result.REFUSED
    assert not Message.objects.filter(side_thread=thread).exists()


def test_the_hourly_limit_counts_only_the_last_hour(settings):
    settings.HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR = 1
    long_ago = timezone.now() - timedelta(hours=2)
    outbox.enqueue(
        kind="mail_refused",
        recipient="erin@nowhere.example",
        template="mailgate/emails/mail_refused",
        context={"sender": "x"},
        dedupe_key="old",
        at=long_ago,
    )

    receive(mail("unknown_sender", domain="nowhere.example"))

    assert Notification.objects.filter(recipient="erin@nowhere.example").count() == 2


def test_past_the_hourly_limit_a_customers_ticket_still_opens_without_its_acknowledgement(
    settings,
):
    settings.HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR = 2
    carol = _customer()
    agent = AgentFactory(email="triage-agent@helpdesk-team.example")
    for n in range(3):
        raw = mail("new_ticket_with_cc", sender=carol.email, agent=agent.email).replace(
            b"<new-with-cc-1@", f"<new-with-cc-{n}@".encode()
        )
        receive(raw)

    assert Ticket.objects.filter(requester=carol).count() == 3  # no request is ever dropped
    assert Notification.objects.filter(kind="ticket_received", recipient=carol.email).count() == 2
    last = ReceivedMail.objects.order_by("-id").first()
    assert last.result == Result.NEW_TICKET
    assert "not acknowledged: too many automatic answers" in last.reason
