"""Seed 003-74: a known issue counts the organizations and customers it affects, and a lead
tells the affected organizations' other customers (who have not filed a ticket) once."""

import pytest
from django.test import Client

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from knownissues import selectors, services
from knownissues.models import KnownIssueLink
from tests.factories import CustomerFactory, OrganizationFactory, TicketFactory
from tests.knownissues.factories import KnownIssueFactory
from tests.support.snapshots import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(lead):
    """Acme: ann and bob filed, cat did not (and dan is inactive); Globex: gil filed twice,
    hal did not; Initech (ivy) has no linked ticket."""
    acme, globex, initech = (
        OrganizationFactory(name=name, slug=name.lower()) for name in ("Acme", "Globex", "Initech")
    )
    people = {}
    for name, org in [
        ("ann", acme),
        ("bob", acme),
        ("cat", acme),
        ("gil", globex),
        ("hal", globex),
        ("ivy", initech),
    ]:
        people[name] = CustomerFactory(username=name, customer_profile__organization=org)
    CustomerFactory(username="dan", is_active=False, customer_profile__organization=acme)
    issue = KnownIssueFactory(public_title="Card payments fail")
    for name in ["ann", "bob", "gil", "gil"]:
        KnownIssueLink.objects.create(
            known_issue=issue,
            ticket=TicketFactory(requester=people[name]),
            linked_by=lead,
            linked_at=issue.created_at,
        )
    TicketFactory(requester=people["ivy"])  # not linked
    return issue


def notices():
    return sorted(
        Notification.objects.filter(kind="known_issue_notice").values_list("recipient", flat=True)
    )


def test_the_issue_counts_affected_organizations_and_customers(issue):
    assert selectors.affected_of(issue) == selectors.Affected(
        tickets=4, organizations=2, customers=3
    )
    assert list(selectors.unfiled_audience(issue).values_list("username", flat=True)) == [
        "cat",
        "hal",
    ]


def test_a_lead_tells_the_customers_who_have_not_filed_once_each(issue, lead):
    result = services.notify_unfiled(
        issue, actor=lead, message="Card payments may fail for you too; retry in an hour."
    )

    assert (result.sent, result.already_told) == (2, 0)
    assert notices() == ["cat@example.com", "hal@example.com"]
    mail = Notification.objects.get(recipient="cat@example.com")
    assert mail.subject == "Known issue: Card payments fail"
    assert mail.body_text.startswith("Card payments may fail for you too; retry in an hour.\n\n")
    assert "/status/" in mail.body_text
    # No ticket, no other customer in what they read.
    for ticket_id in KnownIssueLink.objects.values_list("ticket_id", flat=True):
        assert f"#{ticket_id}" not in mail.body_text
    assert "ann" not in mail.body_text
    assert "Globex" not in mail.body_text

    # A second send tells only the newcomers.
    CustomerFactory(username="joy", customer_profile__organization=OrganizationFactory(slug="acme"))
    again = services.notify_unfiled(issue, actor=lead, message="Still on it.")
    assert (again.sent, again.already_told) == (1, 2)
    assert notices() == ["cat@example.com", "hal@example.com", "joy@example.com"]


def test_an_agent_may_not_tell_the_affected_customers(issue, agent):
    before = world()
    with pytest.raises(PermissionDenied):
        services.notify_unfiled(issue, actor=agent, message="Hello.")
    assert world() == before


@pytest.mark.parametrize(
    ("message", "problem"),
    [("", "Write the message."), ("Acme and others are affected.", "Remove every customer")],
)
def test_an_empty_or_naming_message_is_refused(issue, lead, message, problem):
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.notify_unfiled(issue, actor=lead, message=message)
    assert refused.value.details["fields"]["message"][0].startswith(problem)
    assert world() == before


def test_nobody_to_tell_is_refused(lead):
    lonely = KnownIssueFactory()
    with pytest.raises(ValidationFailed, match="Nobody to tell"):
        services.notify_unfiled(lonely, actor=lead, message="Hello.")
    assert notices() == []


def test_the_issue_page_shows_the_counts_and_the_lead_sends(issue, lead, agent):
    client = Client()
    client.force_login(lead)
    page = client.get(f"/desk/known-issues/{issue.pk}/").content.decode()
    assert "2 organizations and 3 customers filed the linked tickets." in page
    assert "Notify 2 customers" in page

    sent = client.post(
        f"/desk/known-issues/{issue.pk}/notify-affected/",
        {"message": "Payments may fail."},
        follow=True,
    )
    assert "Told 2 customers who had not filed a ticket." in sent.content.decode()

    refused = client.post(f"/desk/known-issues/{issue.pk}/notify-affected/", {"message": ""})
    assert refused.status_code == 400
    assert "Write the message." in refused.content.decode()

    client.force_login(agent)
    page = client.get(f"/desk/known-issues/{issue.pk}/").content.decode()
    assert "2 organizations and 3 customers filed the linked tickets." in page
    assert "Notify" not in page
    assert (
        client.post(f"/desk/known-issues/{issue.pk}/notify-affected/", {"message": "x"}).status_code
        == 403
    )
