"""Merging a duplicate into the ticket that carries the conversation (seed 003: "merge
duplicates"; issue 16): messages, files, CCs, tags and followers carried over, the duplicate
closed, its customer told, and never across customers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from escalation.models import TicketRouting
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import Attachment, Message, Ticket
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(customer, agent):
    kept = services.submit_ticket(
        actor=customer,
        subject="Export fails",
        description="The export button does nothing.",
        category="issue_with_error",
    )
    duplicate = services.submit_ticket(
        actor=customer,
        subject="Export broken again",
        description="Clicking export shows nothing.",
        category="issue_with_error",
    )
    services.customer_reply(
        duplicate,
        actor=customer,
        body="Here is a screenshot.",
        attachments=[SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n", "image/png")],
    )
    services.add_internal_note(duplicate, actor=agent, body="Same as the export bug.")
    services.change_tags(duplicate, actor=agent, add=["export"])
    services.add_cc(duplicate, "boss@customer.example", actor=agent)
    return kept, Ticket.objects.get(pk=duplicate.pk)


def test_the_duplicate_joins_the_kept_ticket_and_closes(pair, agent, customer):
    kept, duplicate = pair
    follower = AgentFactory(username="fran")
    TicketRouting.objects.create(ticket=duplicate).followers.add(follower)

    result = services.merge_tickets(duplicate, actor=agent, into=kept)

    assert result.pk == kept.pk
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.transitions.get(to_status=Status.CLOSED).comment == (
        f"Merged into #{kept.pk} by tina."
    )
    bodies = list(
        Message.objects.filter(ticket=kept)
        .exclude(kind=MessageKind.EVENT)
        .order_by("created_at", "id")
        .values_list("kind", "body")
    )
    assert bodies[0] == (
        MessageKind.CUSTOMER_REPLY,
        f"**Merged from ticket #{duplicate.pk}: Export broken again**\n\n"
        "Clicking export shows nothing.",
    )
    assert (MessageKind.CUSTOMER_REPLY, "Here is a screenshot.") in bodies
    assert (MessageKind.INTERNAL_NOTE, "Same as the export bug.") in bodies
    assert Attachment.objects.get(filename="shot.png").ticket_id == kept.pk
    assert list(kept.tags.values_list("name", flat=True)) == ["export"]
    assert list(kept.ccs.values_list("email", flat=True)) == ["boss@customer.example"]
    assert list(TicketRouting.objects.get(ticket=kept).followers.all()) == [follower]
    event = Message.objects.get(ticket=kept, kind=MessageKind.EVENT, body__startswith="**Merged")
    assert (
        event.body
        == f"**Merged:** ticket #{duplicate.pk} (Export broken again) joined this one, by tina."
    )

    mail = Notification.objects.get(kind="ticket_merged")
    assert mail.recipient == customer.email
    assert mail.ticket_number == duplicate.pk
    assert f"merged into #{kept.pk}" in mail.subject
    assert "we will answer there" in mail.body_text
    assert not Notification.objects.filter(kind="ticket_closed").exists()


@pytest.mark.parametrize("case", ["itself", "other_customer", "closed_target", "closed_source"])
def test_a_merge_that_cannot_be_changes_nothing(pair, agent, case):
    kept, duplicate = pair
    if case == "itself":
        kept = duplicate
    if case == "other_customer":
        kept = services.submit_ticket(
            actor=CustomerFactory(), subject="Export", description="x", category="question"
        )
    if case == "closed_target":
        services.transition(kept, actor=agent, name="close", comment="Done.")
    if case == "closed_source":
        services.transition(duplicate, actor=agent, name="close", comment="Done.")
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.merge_tickets(duplicate, actor=agent, into=kept)
    assert "into" in refused.value.details["fields"]
    assert world() == before


def test_customers_do_not_merge(pair, customer):
    kept, duplicate = pair
    with pytest.raises(PermissionDenied):
        services.merge_tickets(duplicate, actor=customer, into=kept)


def test_the_customer_sees_their_words_on_the_kept_ticket_but_not_the_note(
    client, pair, agent, customer
):
    kept, duplicate = pair
    services.merge_tickets(duplicate, actor=agent, into=kept)
    client.force_login(customer)
    page = client.get(reverse("portal-ticket", args=[kept.pk])).content.decode()
    assert "Merged from ticket" in page
    assert "Here is a screenshot." in page
    assert "Same as the export bug." not in page


def test_the_desk_page_merges_and_refuses_beside_the_field(client, pair, agent):
    kept, duplicate = pair
    client.force_login(agent)
    url = reverse("desk-ticket-merge", args=[duplicate.pk])
    page = client.get(url).content.decode()
    assert f"#{kept.pk} Export fails" in page  # the customer's other open ticket is offered

    before = world()
    missing = client.post(url, {"into": 999999})
    assert missing.status_code == 400
    assert "There is no ticket #999999." in missing.content.decode()
    assert world() == before

    done = client.post(url, {"into": kept.pk}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("desk-ticket", args=[kept.pk])
    assert f"Ticket #{duplicate.pk} is merged into #{kept.pk} and closed." in done.content.decode()


def test_the_api_merges_with_json_errors(client, pair, agent):
    kept, duplicate = pair
    client.force_login(agent)
    url = reverse("api-ticket-merge", args=[duplicate.pk])
    bad = client.post(url, {"into": 424242}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {"into": ["There is no ticket #424242."]}
    done = client.post(url, {"into": kept.pk}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["number"] == kept.pk


def test_without_followers_the_kept_ticket_gets_no_routing(pair, agent):
    kept, duplicate = pair
    services.merge_tickets(duplicate, actor=agent, into=kept)
    assert not TicketRouting.objects.filter(ticket=kept).exists()
