"""Known issues: create, edit, status, link / unlink (by service and by tag)."""

import pytest

from escalation import services as escalation
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from knownissues import services
from knownissues.models import KnownIssue, KnownIssueLink, StatusUpdate
from knownissues.states import IssueStatus
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.knownissues.factories import KnownIssueFactory
from tickets import services as tickets
from tickets.models import Message, Tier
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def tag_names(ticket):
    return sorted(ticket.tags.values_list("name", flat=True))


def notes(ticket, kind=MessageKind.EVENT):
    """The lines of the ticket's timeline (events), or its messages of ``kind``."""
    return list(Message.objects.filter(ticket=ticket, kind=kind).values_list("body", flat=True))


def test_create_derives_the_slug_and_links_the_chosen_tickets(agent):
    first, second, third = TicketFactory.create_batch(3)

    issue = services.create_known_issue(
        actor=agent,
        title="Fixed: Checkout returns 502 for carts over 50 items",
        slug="",
        description="Worker timeout.",
        bug_url="https://github.com/acme/shop/issues/42",
        partner_tickets="STRIPE-991, PAYPAL-12",
        tickets_to_link=[first.pk, f"#{second.pk}", third.pk],
    )

    assert issue.slug == "fixed-checkout-returns-502-for-carts-over-50-items"
    assert issue.status == IssueStatus.INVESTIGATING
    assert issue.created_by == agent
    assert sorted(issue.tickets.values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]
    assert tag_names(first) == [issue.tag_name]
    assert notes(first) == [  # one line: the link names its tag
        f"Linked to known issue **{issue.tag_name}**: {issue.title} (Investigating) by tina."
    ]
    assert notes(first, MessageKind.INTERNAL_NOTE) == []  # nothing in the conversation


def test_create_refuses_missing_tickets_and_writes_nothing(agent):
    ticket = TicketFactory()
    with pytest.raises(ValidationFailed) as error:
        services.create_known_issue(
            actor=agent, title="Export broken", tickets_to_link=[ticket.pk, 99999]
        )
    assert error.value.details["fields"] == {"tickets": ["No ticket #99999."]}
    assert KnownIssue.objects.count() == 0
    assert tag_names(ticket) == []
    assert notes(ticket) == []


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"title": ""}, {"title": ["Write a changelog-style title, e.g. 'Fixed: checkout 502'."]}),
        (
            {"title": "Export", "bug_url": "github.com/x"},
            {"bug_url": ["Link the bug with https://…"]},
        ),
        (
            {"title": "Export", "slug": "!!!"},
            {"slug": ["A couple of words for the tag, e.g. checkout-502."]},
        ),
    ],
)
def test_create_validates_fields(agent, fields, errors):
    with pytest.raises(ValidationFailed) as error:
        services.create_known_issue(actor=agent, **fields)
    assert error.value.details["fields"] == errors
    assert KnownIssue.objects.count() == 0


def test_customers_may_not_create_known_issues(customer):
    with pytest.raises(PermissionDenied):
        services.create_known_issue(actor=customer, title="Export broken")
    assert KnownIssue.objects.count() == 0


def test_link_tags_the_ticket_and_notes_it(agent):
    issue = KnownIssueFactory(slug="export-csv")
    ticket = TicketFactory()
    tickets.set_tags(ticket, actor=agent, names=["Spanish"])

    link = services.link_ticket(issue, ticket.pk, actor=agent)

    assert link.linked_by == agent
    assert tag_names(ticket) == [f"{issue.pk}-export-csv", "Spanish"]
    assert notes(ticket) == [  # the receiver saw the link: no echo, and no second line for the tag
        "tina tagged **Spanish**.",
        f"Linked to known issue **{issue.pk}-export-csv**: {issue.title} (Investigating) by tina.",
    ]


def test_linking_twice_is_a_conflict_and_changes_nothing(agent):
    issue = KnownIssueFactory()
    ticket = TicketFactory()
    services.link_ticket(issue, ticket, actor=agent)

    with pytest.raises(Conflict) as error:
        services.link_ticket(issue, ticket, actor=agent)

    assert error.value.code == "already_linked"
    assert KnownIssueLink.objects.count() == 1
    assert len(notes(ticket)) == 1


def test_a_resolved_issue_takes_no_new_tickets(agent):
    issue = KnownIssueFactory(resolved=True)
    ticket = TicketFactory()
    with pytest.raises(Conflict) as error:
        services.link_ticket(issue, ticket, actor=agent)
    assert error.value.code == "known_issue_resolved"
    assert KnownIssueLink.objects.count() == 0
    assert tag_names(ticket) == []


def test_unlink_removes_the_tag_and_notes_it(agent):
    issue = KnownIssueFactory(slug="export-csv")
    ticket = TicketFactory()
    services.link_ticket(issue, ticket, actor=agent)
    tickets.change_tags(ticket, actor=agent, add=["Spanish"])

    services.unlink_ticket(issue, ticket, actor=agent)

    assert KnownIssueLink.objects.count() == 0
    assert tag_names(ticket) == ["Spanish"]
    assert notes(ticket)[-2:] == [
        "tina tagged **Spanish**.",
        f"Unlinked from known issue **{issue.pk}-export-csv** by tina.",
    ]


def test_unlinking_a_ticket_that_is_not_linked_is_a_404(agent):
    issue = KnownIssueFactory()
    ticket = TicketFactory()
    with pytest.raises(NotFound):
        services.unlink_ticket(issue, ticket, actor=agent)


def test_typing_the_issue_tag_on_a_ticket_links_it(agent):
    issue = KnownIssueFactory(slug="export-csv")
    ticket = TicketFactory()

    tickets.set_tags(ticket, actor=agent, names=[f"{issue.pk}-Export-CSV"])

    link = KnownIssueLink.objects.get()
    assert (link.known_issue, link.ticket, link.linked_by) == (issue, ticket, None)
    assert notes(ticket) == [  # the agent's tag, then the helpdesk's link
        f"tina tagged **{issue.pk}-Export-CSV**.",
        f"Linked to known issue **{issue.pk}-export-csv**: {issue.title} (tagged).",
    ]


def test_removing_the_issue_tag_by_hand_unlinks(agent):
    issue = KnownIssueFactory(slug="export-csv")
    ticket = TicketFactory()
    services.link_ticket(issue, ticket, actor=agent)

    tickets.set_tags(ticket, actor=agent, names=[])

    assert KnownIssueLink.objects.count() == 0
    assert notes(ticket)[-2:] == [
        f"tina removed **{issue.pk}-export-csv**.",
        f"Unlinked from known issue **{issue.pk}-export-csv** (tag removed).",
    ]


@pytest.mark.parametrize("tag", ["999-export-csv", "{pk}-other-words", "{pk}"])
def test_a_tag_that_names_no_issue_links_nothing(agent, tag):
    issue = KnownIssueFactory(slug="export-csv")
    ticket = TicketFactory()
    tickets.set_tags(ticket, actor=agent, names=[tag.format(pk=issue.pk)])
    assert KnownIssueLink.objects.count() == 0


def test_escalating_down_with_a_known_issue_links_the_ticket(agent):
    issue = KnownIssueFactory(slug="checkout-502", known=True)
    t3 = Tier.objects.get(code="T3")
    ticket = tickets.submit_ticket(
        actor=CustomerFactory(), subject="502", description="x", category="issue_with_error"
    )
    tickets.move_to_tier(ticket, actor=agent, tier=t3)

    escalation.escalate_down(
        ticket, actor=agent, outcome="known_issue", known_issue=issue.tag_name, target_tier="T2"
    )

    assert list(issue.tickets.all()) == [ticket]


def test_status_change_of_a_posted_issue_writes_a_status_update(agent):
    issue = KnownIssueFactory(known=True, is_public=True, public_summary="Checkout errors.")

    services.change_status(issue, actor=agent, status=IssueStatus.RESOLVED)

    issue.refresh_from_db()
    assert issue.status == IssueStatus.RESOLVED
    assert issue.resolved_at is not None
    update = StatusUpdate.objects.get()
    assert (update.status, update.summary, update.posted_by) == (
        IssueStatus.RESOLVED,
        "Resolved. Thank you for your patience.",  # not the stale "we are on it" summary
        agent,
    )


def test_a_status_poster_writes_the_public_line_of_a_status_change(lead):
    issue = KnownIssueFactory(known=True, is_public=True, public_summary="Checkout errors.")
    services.change_status(
        issue, actor=lead, status=IssueStatus.RESOLVED, public_note="  Fixed in release 4.3. "
    )
    assert StatusUpdate.objects.get().summary == "Fixed in release 4.3."


def test_an_agent_who_is_not_a_poster_may_not_write_public_text_and_nothing_changes(agent):
    issue = KnownIssueFactory(known=True, is_public=True)
    with pytest.raises(PermissionDenied):
        services.change_status(
            issue, actor=agent, status=IssueStatus.RESOLVED, public_note="All good now."
        )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.KNOWN_ISSUE
    assert StatusUpdate.objects.count() == 0


def test_a_public_line_naming_a_linked_customer_is_refused(lead):
    ticket = TicketFactory(requester__first_name="Amira", requester__last_name="Haddad")
    issue = KnownIssueFactory(known=True, is_public=True)
    services.link_ticket(issue, ticket, actor=lead)
    with pytest.raises(ValidationFailed):
        services.change_status(
            issue, actor=lead, status=IssueStatus.RESOLVED, public_note="Fixed for Amira Haddad."
        )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.KNOWN_ISSUE
    assert StatusUpdate.objects.count() == 0


def test_status_change_of_an_internal_issue_writes_no_status_update(agent):
    issue = KnownIssueFactory()
    services.change_status(issue, actor=agent, status=IssueStatus.KNOWN_ISSUE)
    assert StatusUpdate.objects.count() == 0


def test_same_status_is_a_conflict(agent):
    issue = KnownIssueFactory()
    with pytest.raises(Conflict):
        services.change_status(issue, actor=agent, status=IssueStatus.INVESTIGATING)


def test_reopening_clears_resolved_at(agent):
    issue = KnownIssueFactory(resolved=True)
    services.change_status(issue, actor=agent, status=IssueStatus.KNOWN_ISSUE)
    issue.refresh_from_db()
    assert issue.resolved_at is None


def test_a_new_slug_retags_every_linked_ticket(agent):
    issue = KnownIssueFactory(slug="export-csv")
    first, second = TicketFactory.create_batch(2)
    for ticket in (first, second):
        services.link_ticket(issue, ticket, actor=agent)

    services.update_known_issue(issue, actor=agent, slug="CSV export broken")

    assert tag_names(first) == tag_names(second) == [f"{issue.pk}-csv-export-broken"]
    assert KnownIssueLink.objects.count() == 2


def test_the_public_summary_of_a_posted_issue_changes_only_through_a_status_update(agent):
    issue = KnownIssueFactory(known=True, is_public=True, public_summary="Slow checkout.")
    with pytest.raises(Conflict):
        services.update_known_issue(issue, actor=agent, public_summary="Now only in the EU.")
    issue.refresh_from_db()
    assert issue.public_summary == "Slow checkout."
    assert StatusUpdate.objects.count() == 0


def test_agents_only_for_every_write(customer):
    issue = KnownIssueFactory()
    ticket = TicketFactory(requester=customer)
    for call in (
        lambda: services.link_ticket(issue, ticket, actor=customer),
        lambda: services.unlink_ticket(issue, ticket, actor=customer),
        lambda: services.change_status(issue, actor=customer, status="resolved"),
        lambda: services.update_known_issue(issue, actor=customer, title="x"),
        lambda: services.compose_bulk_answer(issue, actor=customer, body="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert KnownIssueLink.objects.count() == 0
    assert AgentFactory  # the shared factories stay importable
