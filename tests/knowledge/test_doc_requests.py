"""Doc requests (issue 15, decision 0022): opened by an escalation's "Proposed … Doc" tag, by the
findings of a resolution, and by three duplicate answers without an article; leads start the
article (Drafting → Done when it is published) or decline with a reason."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helpdesk.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, Notification, StaffEvent
from knowledge import services
from knowledge.models import Article, DocRequest, DocRequestTicket, MacroUse
from knowledge.services import doc_requests
from knowledge.states import ArticleState, Audience, DocKind, DocRequestStatus, DocSource
from tests.factories import LeadFactory, TicketFactory
from tests.knowledge.macro_factories import MacroFactory
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.signals import findings_recorded

pytestmark = pytest.mark.django_db


def tagged(agent, *names, **fields):
    ticket = TicketFactory(**fields)
    tickets.change_tags(ticket, actor=agent, add=list(names))
    return ticket


def resolve(ticket, agent):
    return tickets.transition(ticket, actor=agent, name="resolve")


def asked(request) -> list[int]:
    return list(request.asked_by.order_by("ticket_id").values_list("ticket_id", flat=True))


# --- from escalation tags ----------------------------------------------------------------------


def test_a_proposed_user_doc_tag_opens_a_user_doc_request_titled_by_the_ticket(agent):
    ticket = tagged(agent, "Proposed User Doc", subject="How do I export invoices?")

    request = DocRequest.objects.get()
    assert request.kind == DocKind.USER
    assert request.source == DocSource.ESCALATION_TAG
    assert request.status == DocRequestStatus.OPEN
    assert request.title == "How do I export invoices?"
    row = request.asked_by.get()
    assert (row.ticket_id, row.why) == (ticket.pk, "Tagged “Proposed User Doc”")


def test_a_proposed_internal_doc_tag_opens_an_internal_one(agent):
    tagged(agent, "proposed internal doc")  # tags are case-blind
    assert DocRequest.objects.get().kind == DocKind.INTERNAL


def test_re_adding_the_tag_does_not_duplicate_and_removing_it_keeps_the_request(agent):
    ticket = tagged(agent, "Proposed User Doc")
    tickets.change_tags(ticket, actor=agent, remove=["Proposed User Doc"])
    assert DocRequest.objects.filter(status=DocRequestStatus.OPEN).count() == 1

    tickets.change_tags(ticket, actor=agent, add=["Proposed User Doc"])

    request = DocRequest.objects.get()
    assert asked(request) == [ticket.pk]


def test_both_tags_open_one_request_of_each_kind(agent):
    tagged(agent, "Proposed User Doc", "Proposed Internal Doc")
    assert sorted(DocRequest.objects.values_list("kind", flat=True)) == ["internal", "user"]


def test_other_tags_open_nothing(agent):
    tagged(agent, "Billing", "Missed Doc Review")
    assert not DocRequest.objects.exists()


def test_after_a_decline_the_tag_opens_a_new_request(agent, lead):
    ticket = tagged(agent, "Proposed User Doc")
    first = DocRequest.objects.get()
    doc_requests.decline(first, actor=lead, reason="Covered by the billing FAQ.")
    tickets.change_tags(ticket, actor=agent, remove=["Proposed User Doc"])

    tickets.change_tags(ticket, actor=agent, add=["Proposed User Doc"])

    assert DocRequest.objects.filter(status=DocRequestStatus.OPEN).exclude(pk=first.pk).count() == 1


# --- from the findings of a resolution ---------------------------------------------------------


def findings(ticket, doc_change, doc_note="", actor=None):
    findings_recorded.send(
        sender=type(ticket),
        ticket=ticket,
        findings=SimpleNamespace(doc_change=doc_change, doc_note=doc_note),
        actor=actor,
        at=timezone.now(),
    )


def test_findings_asking_for_an_internal_doc_open_one_with_the_note(agent):
    ticket = TicketFactory(subject="Webhooks time out")

    findings(ticket, "internal", "Explain the 10 s webhook timeout.", actor=agent)

    request = DocRequest.objects.get()
    assert (request.kind, request.source) == (DocKind.INTERNAL, DocSource.FINDINGS)
    assert request.note == f"#{ticket.pk}: Explain the 10 s webhook timeout."
    assert request.asked_by.get().why == "Findings recorded by tina at resolution"


def test_findings_for_a_ticket_already_in_a_request_add_the_note_to_it(agent):
    ticket = tagged(agent, "Proposed User Doc")

    findings(ticket, "user", "Screenshots of the export page.")

    request = DocRequest.objects.get()
    assert request.source == DocSource.ESCALATION_TAG
    assert request.note == f"#{ticket.pk}: Screenshots of the export page."
    assert asked(request) == [ticket.pk]


def test_findings_without_a_doc_change_open_nothing():
    findings(TicketFactory(), "none", "Nothing to write.")
    assert not DocRequest.objects.exists()


# --- three duplicates --------------------------------------------------------------------------


def test_the_third_resolved_duplicate_opens_one_request_and_tells_the_leads_once(agent, lead):
    other_lead = LeadFactory(username="rex")
    first, second, third, fourth = (
        tagged(agent, "Billing", subject=f"Invoice question {i}") for i in range(4)
    )
    resolve(first, agent)
    resolve(second, agent)
    assert not DocRequest.objects.exists()

    resolve(third, agent)

    request = DocRequest.objects.get()
    assert (request.source, request.kind, request.title) == (
        DocSource.DUPLICATES,
        DocKind.USER,
        "Tickets tagged “Billing”",
    )
    assert asked(request) == sorted([first.pk, second.pk, third.pk])
    assert "3 tickets tagged “Billing” were resolved without a linked article" in request.note
    alerts = InAppNotification.objects.filter(event=StaffEvent.DOC_REQUEST_OPENED)
    assert sorted(alerts.values_list("user__username", flat=True)) == ["lena", "rex"]
    assert alerts.first().url.endswith(f"/desk/kb/doc-requests/#doc-request-{request.pk}")
    assert Notification.objects.filter(kind="staff_doc_request_opened").count() == 2
    assert other_lead.pk in {a.user_id for a in alerts}

    resolve(fourth, agent)

    assert DocRequest.objects.get() == request
    assert asked(request) == sorted([first.pk, second.pk, third.pk, fourth.pk])
    assert InAppNotification.objects.filter(event=StaffEvent.DOC_REQUEST_OPENED).count() == 2


def test_a_ticket_with_a_linked_article_does_not_count(agent, lead, publish):
    article = publish("Export invoices")
    linked = tagged(agent, "Billing")
    services.link_article(article, linked, actor=agent)
    for ticket in [linked, tagged(agent, "Billing"), tagged(agent, "Billing")]:
        resolve(ticket, agent)

    assert not DocRequest.objects.exists()


def test_the_same_macro_on_three_resolved_tickets_opens_a_request(agent, lead):
    macro = MacroFactory(shortcut="fr1", name="Feature request")
    trio = [TicketFactory() for _ in range(3)]
    for ticket in trio:
        MacroUse.objects.create(macro=macro, agent=agent, ticket=ticket, at=timezone.now())
        resolve(ticket, agent)

    request = DocRequest.objects.get()
    assert request.group_key == f"macro:{macro.pk}"
    assert request.title == "Tickets answered with /fr1"
    assert asked(request) == sorted(t.pk for t in trio)


def test_process_tags_and_old_resolutions_do_not_count(agent, settings):
    old = tagged(agent, "Billing", "Spanish")
    tickets.transition(old, actor=agent, name="resolve")
    old.refresh_from_db()
    type(old).objects.filter(pk=old.pk).update(
        resolved_at=timezone.now() - timedelta(days=settings.DOC_REQUEST_DUPLICATE_DAYS + 1)
    )
    for ticket in [tagged(agent, "Billing", "Spanish"), tagged(agent, "Billing", "Spanish")]:
        resolve(ticket, agent)

    assert not DocRequest.objects.exists()  # Spanish: a process tag; Billing: 2 in 90 days


def test_the_auto_resolve_timer_counts_too(agent):
    trio = [tagged(agent, "Billing") for _ in range(3)]
    for ticket in trio[:2]:
        resolve(ticket, agent)
    last = trio[2]
    tickets.transition(last, actor=agent, name="set_pending")
    last.refresh_from_db()

    tickets.auto_resolve(last)

    assert asked(DocRequest.objects.get()) == sorted(t.pk for t in trio)


def test_after_a_decline_the_same_tickets_do_not_open_the_group_again(agent, lead):
    trio = [tagged(agent, "Billing") for _ in range(3)]
    for ticket in trio:
        resolve(ticket, agent)
    doc_requests.decline(DocRequest.objects.get(), actor=lead, reason="Process changed instead.")
    tickets.transition(trio[0], actor=agent, name="reopen")
    trio[0].refresh_from_db()

    resolve(trio[0], agent)

    assert DocRequest.objects.count() == 1


# --- what leads do -----------------------------------------------------------------------------


def test_start_an_article_drafts_it_and_publishing_it_makes_the_request_done(agent, lead):
    tagged(agent, "Proposed Internal Doc", subject="Webhook timeouts")
    request = DocRequest.objects.get()

    article = doc_requests.start_article(request, actor=lead)

    request.refresh_from_db()
    assert (request.status, request.article, request.decided_by) == (
        DocRequestStatus.DRAFTING,
        article,
        lead,
    )
    assert (article.title, article.audience, article.state) == (
        "Webhook timeouts",
        Audience.INTERNAL,
        ArticleState.DRAFT,
    )
    services.update_article(article, actor=agent, body="Raise the timeout in Settings.")
    services.transition_article(article, actor=agent, name="submit")
    request.refresh_from_db()
    assert request.status == DocRequestStatus.DRAFTING

    services.transition_article(article, actor=lead, name="publish")

    request.refresh_from_db()
    assert request.status == DocRequestStatus.DONE
    assert request.closed_at is not None


def test_a_user_doc_starts_a_public_article(agent, lead):
    tagged(agent, "Proposed User Doc")
    article = doc_requests.start_article(DocRequest.objects.get(), actor=lead)
    assert article.audience == Audience.PUBLIC


def test_an_article_is_started_once(agent, lead):
    tagged(agent, "Proposed User Doc")
    request = DocRequest.objects.get()
    doc_requests.start_article(request, actor=lead)
    before = world()

    with pytest.raises(Conflict, match="already started"):
        doc_requests.start_article(request, actor=lead)

    assert world() == before


def test_agents_see_but_do_not_act(agent):
    ticket = tagged(agent, "Proposed User Doc")
    request = DocRequest.objects.get()
    before = world()

    with pytest.raises(PermissionDenied, match="Only leads"):
        doc_requests.start_article(request, actor=agent)
    with pytest.raises(PermissionDenied, match="Only leads"):
        doc_requests.decline(request, actor=agent, reason="Not needed.")
    with pytest.raises(PermissionDenied, match="Only leads"):
        doc_requests.add_ticket(request, ticket.pk, actor=agent)

    assert world() == before
    assert not Article.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_decline_needs_a_reason_and_writes_nothing_without_one(agent, lead, reason):
    tagged(agent, "Proposed User Doc")
    request = DocRequest.objects.get()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        doc_requests.decline(request, actor=lead, reason=reason)

    assert "reason" in refused.value.details["fields"]
    assert world() == before


def test_decline_closes_it_with_the_reason_and_a_declined_request_takes_no_action(agent, lead):
    ticket = tagged(agent, "Proposed User Doc")
    request = doc_requests.decline(
        DocRequest.objects.get(), actor=lead, reason="The FAQ covers it."
    )
    assert (request.status, request.decline_reason, request.decided_by) == (
        DocRequestStatus.DECLINED,
        "The FAQ covers it.",
        lead,
    )
    before = world()

    with pytest.raises(Conflict, match="declined"):
        doc_requests.start_article(request, actor=lead)
    with pytest.raises(Conflict, match="declined"):
        doc_requests.add_ticket(request, ticket, actor=lead)
    with pytest.raises(Conflict, match="declined"):
        doc_requests.decline(request, actor=lead, reason="Again.")

    assert world() == before
    assert asked(request) == [ticket.pk]


def test_add_a_ticket_once(agent, lead):
    tagged(agent, "Proposed User Doc")
    request = DocRequest.objects.get()
    other = TicketFactory()

    row = doc_requests.add_ticket(request, f"#{other.pk}", actor=lead)

    assert (row.ticket, row.why) == (other, "Added by lena")
    with pytest.raises(Conflict, match="already in"):
        doc_requests.add_ticket(request, other.pk, actor=lead)
    assert DocRequestTicket.objects.filter(ticket=other).count() == 1


@pytest.mark.parametrize("number", ["", "abc", "99999999"])
def test_add_a_ticket_that_does_not_exist_changes_nothing(agent, lead, number):
    tagged(agent, "Proposed User Doc")
    request = DocRequest.objects.get()
    before = world()

    with pytest.raises(DomainError) as refused:
        doc_requests.add_ticket(request, number, actor=lead)

    assert refused.value.status in (400, 404)
    assert world() == before
