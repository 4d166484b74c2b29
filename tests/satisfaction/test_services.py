"""The rules of customer satisfaction, through its services (and the tickets' own)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, Notification
from satisfaction import services
from satisfaction.errors import AlreadyAnswered, AlreadyCommented, LinkExpired, LinkInvalid
from satisfaction.models import Survey
from satisfaction.services import links
from satisfaction.states import Rating
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message
from tickets.states import Category, MessageKind, Status
from tickets.sweeps import PendingAutoResolve


def test_resolving_opens_one_survey_with_the_resolvers_snapshot(resolved):
    agent = AgentFactory(username="ada")
    ticket = resolved(agent=agent, category=Category.CUSTOM_CODE)

    survey = Survey.objects.get(ticket=ticket)
    assert (survey.round, survey.agent, survey.tier.slug, survey.category) == (
        1,
        agent,
        "triage",
        "custom_code",
    )
    assert survey.resolved_at == ticket.resolved_at
    assert (survey.rating, survey.answered_at) == ("", None)


def test_the_question_is_emailed_once_threaded_with_two_signed_links(resolved):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)

    mail = Notification.objects.get(kind="csat_question")
    assert mail.recipient == ticket.requester.email
    assert mail.dedupe_key == f"csat-question:{survey.pk}"
    assert mail.subject == f"[#{ticket.pk}] {ticket.subject}"
    assert mail.in_reply_to  # threaded under the ticket's first email
    good = links.link_for(survey.pk, Rating.GOOD).split("/answer/")[1].rstrip("/")
    bad = links.link_for(survey.pk, Rating.NOT_GOOD).split("/answer/")[1].rstrip("/")
    assert links.read(good) == (survey.pk, "good")
    assert links.read(bad) == (survey.pk, "not_good")
    assert "/satisfaction/answer/" in mail.body_text
    assert mail.body_text.count("/satisfaction/answer/") == 2


def test_a_reopened_then_resolved_ticket_gets_a_new_round(resolved):
    agent = AgentFactory()
    ticket = resolved(agent=agent)
    ticket = tickets.transition(ticket, actor=agent, name="reopen")
    ticket = tickets.transition(ticket, actor=agent, name="resolve")

    assert list(
        Survey.objects.filter(ticket=ticket).order_by("round").values_list("round", flat=True)
    ) == [1, 2]
    assert Notification.objects.filter(kind="csat_question").count() == 2


def test_replaying_the_same_resolution_opens_nothing_more(resolved):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)

    assert services.open_survey(ticket, ticket.resolved_at) == survey
    assert Survey.objects.filter(ticket=ticket).count() == 1
    assert Notification.objects.filter(kind="csat_question").count() == 1


def test_other_transitions_open_no_survey(db):
    agent = AgentFactory()
    ticket = TicketFactory(assignee=agent)
    tickets.transition(ticket, actor=agent, name="close", comment="Duplicate.")

    assert not Survey.objects.exists()


def test_the_auto_resolve_timer_opens_a_survey_too(db):
    past = timezone.now() - timedelta(days=1)
    ticket = TicketFactory(
        pending=True, reminder_sent_at=past - timedelta(days=5), auto_resolve_at=past
    )

    PendingAutoResolve().run()

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert Survey.objects.get(ticket=ticket).agent is None
    assert Notification.objects.filter(kind="csat_question", ticket_number=ticket.pk).count() == 1


def test_a_good_link_answers_once_and_a_replay_changes_nothing(resolved):
    survey = Survey.objects.get(ticket=resolved())
    good = links.token_for(survey.pk, Rating.GOOD)
    bad = links.token_for(survey.pk, Rating.NOT_GOOD)

    first = services.answer_by_link(good)
    assert first.first is True
    assert (first.survey.rating, first.survey.answered_via) == ("good", "email")
    answered_at = first.survey.answered_at

    before = world()
    again = services.answer_by_link(bad)
    assert again.first is False
    assert world() == before
    survey.refresh_from_db()
    assert (survey.rating, survey.answered_at) == ("good", answered_at)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.replace(token.split(":")[0], signing.dumps([1, "good"]).split(":")[0]),
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_a_tampered_link_is_refused_and_changes_nothing(resolved, mangle):
    survey = Survey.objects.get(ticket=resolved())
    token = mangle(links.token_for(survey.pk, Rating.NOT_GOOD))

    before = world()
    with pytest.raises(LinkInvalid):
        services.answer_by_link(token)
    assert world() == before


def test_a_link_made_with_another_salt_is_refused(resolved):
    survey = Survey.objects.get(ticket=resolved())
    forged = signing.dumps([survey.pk, "good"])  # the site's key, but not the link's salt

    with pytest.raises(LinkInvalid):
        services.answer_by_link(forged)


def test_an_expired_link_is_refused(resolved, time_machine):
    survey = Survey.objects.get(ticket=resolved())
    token = links.token_for(survey.pk, Rating.GOOD)

    time_machine.move_to(timezone.now() + timedelta(days=31))
    before = world()
    with pytest.raises(LinkExpired):
        services.answer_by_link(token)
    assert world() == before


def test_a_link_of_a_deleted_survey_is_not_found(resolved):
    survey = Survey.objects.get(ticket=resolved())
    token = links.token_for(survey.pk, Rating.GOOD)
    survey.delete()

    with pytest.raises(NotFound):
        services.answer_by_link(token)


def test_not_good_writes_a_system_note_and_tells_the_tier_lead(resolved, tier_lead):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)

    services.answer_by_link(links.token_for(survey.pk, Rating.NOT_GOOD))

    note = Message.objects.get(ticket=ticket, kind=MessageKind.SYSTEM_NOTE)
    assert note.author is None  # the helpdesk itself wrote it
    assert "answered **Not good** about resolution 1" in note.body
    alert = InAppNotification.objects.get(event="csat_not_good")
    assert alert.user == tier_lead
    assert alert.title == f"Not good from the customer on #{ticket.pk}: {ticket.subject}"
    assert Notification.objects.filter(recipient=tier_lead.email).count() == 1


def test_good_writes_no_note_and_tells_nobody(resolved, tier_lead):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)

    services.answer_by_link(links.token_for(survey.pk, Rating.GOOD))

    assert not Message.objects.filter(ticket=ticket, kind=MessageKind.SYSTEM_NOTE).exists()
    assert not InAppNotification.objects.filter(event="csat_not_good").exists()


def test_a_comment_is_added_once_after_the_answer(resolved, tier_lead):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)
    token = links.token_for(survey.pk, Rating.NOT_GOOD)

    with pytest.raises(ValidationFailed, match="Answer the question"):
        services.comment_by_link(token, "Too slow")
    services.answer_by_link(token)
    services.comment_by_link(token, "It took three weeks.\nAnd two reminders.")

    survey.refresh_from_db()
    assert survey.comment == "It took three weeks.\nAnd two reminders."
    notes = list(Message.objects.filter(ticket=ticket, kind=MessageKind.SYSTEM_NOTE))
    assert len(notes) == 2
    assert notes[1].body.endswith("> It took three weeks.\n> And two reminders.")
    assert InAppNotification.objects.filter(event="csat_not_good").count() == 1  # told once

    before = world()
    with pytest.raises(AlreadyCommented):
        services.comment_by_link(token, "Something else")
    assert world() == before


def test_a_too_long_comment_is_refused(resolved):
    survey = Survey.objects.get(ticket=resolved())
    token = links.token_for(survey.pk, Rating.GOOD)
    services.answer_by_link(token)

    before = world()
    with pytest.raises(ValidationFailed, match="under 2000"):
        services.comment_by_link(token, "x" * 2001)
    assert world() == before


def test_the_customer_answers_in_the_portal_with_a_comment(resolved, tier_lead):
    ticket = resolved()

    survey = services.answer_in_portal(
        ticket, actor=ticket.requester, rating="not_good", comment="Nobody called back."
    )

    assert (survey.rating, survey.answered_via, survey.comment) == (
        "not_good",
        "portal",
        "Nobody called back.",
    )
    note = Message.objects.get(ticket=ticket, kind=MessageKind.SYSTEM_NOTE)
    assert note.body.endswith("Their comment:\n\n> Nobody called back.")
    with pytest.raises(AlreadyAnswered):
        services.answer_in_portal(ticket, actor=ticket.requester, rating="good")
    survey.refresh_from_db()
    assert survey.rating == "not_good"


def test_only_the_requester_answers_in_the_portal(resolved):
    ticket = resolved()
    org = ticket.requester.customer_profile.organization
    manager = CustomerFactory(customer_profile__organization=org, customer_profile__is_manager=True)
    stranger = CustomerFactory()
    agent = AgentFactory()

    before = world()
    with pytest.raises(PermissionDenied):
        services.answer_in_portal(ticket, actor=manager, rating="good")
    with pytest.raises(NotFound):
        services.answer_in_portal(ticket, actor=stranger, rating="good")
    with pytest.raises(PermissionDenied):
        services.answer_in_portal(ticket, actor=agent, rating="good")
    assert world() == before


def test_a_bad_rating_is_refused_in_the_portal(resolved):
    ticket = resolved()

    before = world()
    with pytest.raises(ValidationFailed, match="Choose Good or Not good"):
        services.answer_in_portal(ticket, actor=ticket.requester, rating="meh")
    assert world() == before


def test_the_portal_question_closes_after_the_answer_days(resolved, time_machine):
    ticket = resolved()
    time_machine.move_to(timezone.now() + timedelta(days=31))

    with pytest.raises(LinkExpired):
        services.answer_in_portal(ticket, actor=ticket.requester, rating="good")
