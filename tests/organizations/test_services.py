"""The organization profile's services: every edit kept with its author, the Deep Dive's
numbered versions and their difference, the client's documents, the account manager told of
progress and given new tickets when the profile says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, Notification
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, TicketFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import DeepDiveVersion, OrganizationDocument, OrganizationProfile
from tickets.selectors.text_diff import line_diff


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Acme Hotels", slug="acme")


def test_an_edit_records_its_author_and_the_fields_it_changed(org, agent):
    manager = AgentFactory(username="pam")
    change = services.edit_profile(
        org,
        actor=agent,
        values={
            "repository_url": "https://git.example.com/acme",
            "account_manager": manager,
            "preferred_contact": "call",
            "versions": "  Core 4.2  ",
        },
    )
    assert change.author == agent
    assert change.changes == {
        "repository_url": ["", "https://git.example.com/acme"],
        "account_manager": [None, "pam"],
        "preferred_contact": ["email", "call"],
        "versions": ["", "Core 4.2"],
    }
    profile = OrganizationProfile.objects.get(organization=org)
    assert (profile.updated_by, profile.versions, profile.account_manager) == (
        agent,
        "Core 4.2",
        manager,
    )
    second = services.edit_profile(org, actor=agent, values={"versions": "Core 4.3"})
    assert second.changes == {"versions": ["Core 4.2", "Core 4.3"]}
    assert list(org.profile_changes.all()) == [second, change]


def test_an_edit_that_changes_nothing_records_nothing(org, agent):
    services.edit_profile(org, actor=agent, values={"source_location": "GitLab, acme/web"})
    before = world()
    assert (
        services.edit_profile(
            org, actor=agent, values={"source_location": "GitLab, acme/web ", "custom_modules": ""}
        )
        is None
    )
    assert world() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"repository_url": "not a link", "versions": "Core 5"}, "repository_url"),
        ({"test_site_url": "javascript:alert(1)"}, "test_site_url"),
        ({"preferred_contact": "fax"}, "preferred_contact"),
        ({"versions": "x" * 301}, "versions"),
        ({"assign_new_tickets_to_manager": True}, "account_manager"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_leaves_nothing_written(org, agent, values, field):
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.edit_profile(org, actor=agent, values=values)
    assert field in refused.value.details["fields"]
    assert world() == before


def test_the_manager_must_be_staff_and_only_agents_edit(org, agent):
    customer = CustomerFactory(customer_profile__organization=org)
    before = world()
    with pytest.raises(ValidationFailed):
        services.edit_profile(org, actor=agent, values={"account_manager": customer})
    with pytest.raises(PermissionDenied):
        services.edit_profile(org, actor=customer, values={"versions": "Core 9"})
    with pytest.raises(PermissionDenied):
        services.save_deep_dive(org, actor=customer, body="Mine now")
    assert world() == before


def test_deep_dive_versions_are_numbered_and_an_unchanged_text_is_no_version(org, agent):
    first = services.save_deep_dive(org, actor=agent, body="# Acme\n\nBookings sync nightly.")
    second = services.save_deep_dive(
        org, actor=agent, body="# Acme\n\nBookings sync hourly.\nInvoices by PDF.", based_on=1
    )
    assert (first.number, second.number) == (1, 2)
    assert services.save_deep_dive(org, actor=agent, body=second.body + "\n", based_on=2) is None
    assert DeepDiveVersion.objects.filter(organization=org).count() == 2
    rows = [(row.kind, row.text) for row in line_diff(first.body, second.body)]
    assert rows == [
        ("same", "# Acme"),
        ("same", ""),
        ("del", "Bookings sync nightly."),
        ("ins", "Bookings sync hourly."),
        ("ins", "Invoices by PDF."),
    ]


def test_a_deep_dive_saved_meanwhile_is_a_conflict_and_a_ticket_must_be_the_orgs(org, agent):
    services.save_deep_dive(org, actor=agent, body="v1")
    services.save_deep_dive(org, actor=agent, body="v2", based_on=1)
    other = TicketFactory()
    before = world()
    with pytest.raises(Conflict):
        services.save_deep_dive(org, actor=agent, body="my v2", based_on=1)
    with pytest.raises(ValidationFailed):
        services.save_deep_dive(org, actor=agent, body="v3", ticket=other)
    with pytest.raises(ValidationFailed):
        services.save_deep_dive(org, actor=agent, body="   ")
    assert world() == before


def test_a_version_names_the_resolved_ticket_that_taught_it(org, agent):
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    version = services.save_deep_dive(org, actor=agent, body="Check the PMS bridge.", ticket=ticket)
    assert version.ticket == ticket


def test_a_document_is_checked_like_an_attachment_and_recorded(org, agent, settings):
    document = services.add_document(
        org, actor=agent, upload=SimpleUploadedFile("spec v2.pdf", b"%PDF-1.4")
    )
    assert (document.filename, document.size, document.content_type) == (
        "spec_v2.pdf",
        8,
        "application/pdf",
    )
    assert org.profile_changes.get().changes == {"documents": [None, "spec_v2.pdf"]}
    before = world()
    with pytest.raises(ValidationFailed):
        services.add_document(org, actor=agent, upload=SimpleUploadedFile("run.exe", b"MZ"))
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 4
    with pytest.raises(ValidationFailed):
        services.add_document(org, actor=agent, upload=SimpleUploadedFile("a.pdf", b"%PDF-1"))
    assert world() == before
    assert OrganizationDocument.objects.count() == 1


# --- the account manager ------------------------------------------------------------------------


@pytest.fixture
def pam(org, agent):
    pam = AgentFactory(username="pam", email="pam@example.com")
    services.edit_profile(org, actor=agent, values={"account_manager": pam})
    return pam


def _told(user) -> list[str]:
    return list(
        InAppNotification.objects.filter(user=user, event="account_progress")
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_the_manager_is_told_of_a_new_ticket_a_status_change_and_a_customer_reply(org, pam, agent):
    customer = CustomerFactory(customer_profile__organization=org)
    ticket = services.submit_ticket(
        actor=customer,
        subject="Rates not syncing",
        description="Since Monday.",
        category="question",
    )
    assert ticket.assignee is None
    services.take(ticket, actor=agent)
    services.transition(ticket, actor=agent, name="set_pending")
    services.customer_reply(ticket, actor=customer, body="Still broken.")
    n = ticket.pk
    assert _told(pam) == [
        f"New ticket #{n} of Acme Hotels: Rates not syncing",
        f"#{n} of Acme Hotels Rates not syncing: Open → Pending",
        f"Customer replied on #{n} of Acme Hotels: Rates not syncing",
    ]
    assert Notification.objects.filter(recipient="pam@example.com").count() == 3
    # Nothing of the customer's words, nor of the profile, reaches the alert.
    assert "Still broken" not in "".join(
        Notification.objects.filter(recipient="pam@example.com").values_list("body_text", flat=True)
    )


def test_the_manager_is_not_told_of_their_own_action(org, pam):
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    services.take(ticket, actor=pam)
    services.transition(ticket, actor=pam, name="set_pending")
    assert _told(pam) == []


def test_another_organizations_tickets_tell_nobody(org, pam):
    customer = CustomerFactory()
    services.submit_ticket(actor=customer, subject="Hi", description="Hello", category="question")
    assert _told(pam) == []


def test_new_tickets_go_to_the_manager_when_the_profile_says_so(org, pam, agent):
    customer = CustomerFactory(customer_profile__organization=org)
    services.edit_profile(org, actor=agent, values={"assign_new_tickets_to_manager": True})
    ticket = services.submit_ticket(
        actor=customer, subject="Rates", description="Broken", category="question"
    )
    assert ticket.assignee == pam
    assert ticket.messages.filter(kind="event").get().body == (
        "Assigned to the account's manager, as the organization asks."
    )
    assert _told(pam) == [f"New ticket #{ticket.pk} of Acme Hotels: Rates (assigned to you)"]
    services.edit_profile(org, actor=agent, values={"assign_new_tickets_to_manager": False})
    later = services.submit_ticket(
        actor=customer, subject="Again", description="Broken", category="question"
    )
    assert later.assignee is None


def test_an_inactive_manager_gets_no_tickets(org, pam, agent):
    services.edit_profile(org, actor=agent, values={"assign_new_tickets_to_manager": True})
    pam.is_active = False
    pam.save()
    customer = CustomerFactory(customer_profile__organization=org)
    ticket = services.submit_ticket(
        actor=customer, subject="x", description="y", category="question"
    )
    assert ticket.assignee is None


def test_an_agent_filing_by_phone_also_assigns_to_the_manager(org, pam, agent):
    services.edit_profile(org, actor=agent, values={"assign_new_tickets_to_manager": True})
    customer = CustomerFactory(customer_profile__organization=org)
    ticket = services.submit_ticket(
        actor=agent,
        requester=customer,
        subject="Phoned in",
        description="Call notes",
        category="question",
        filed_via="phone",
        at=timezone.now(),
    )
    assert ticket.assignee == pam
