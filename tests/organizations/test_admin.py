"""The profile in Django admin: edited through the same service, so every change is recorded
with its author, and a refused one (a customer as the manager) changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory, UserFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import OrganizationProfile, ProfileChange


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def client(root):
    client = Client()
    client.force_login(root)
    return client


def _form(org, **values):
    form = {
        "organization": org.pk,
        "custom_modules": "",
        "repository_url": "",
        "test_site_url": "",
        "source_location": "",
        "versions": "",
        "preferred_contact": "email",
        "account_manager": "",
        "known_workflows": "",
    }
    form.update(values)
    return form


def test_adding_and_changing_a_profile_in_admin_records_each_change(client, root):
    org = OrganizationFactory(name="Acme Hotels")
    pam = AgentFactory(username="pam")
    response = client.post(
        reverse("admin:tickets_organizationprofile_add"),
        _form(org, versions="Core 4.2", account_manager=pam.pk),
    )
    assert response.status_code == 302
    profile = OrganizationProfile.objects.get(organization=org)
    assert ProfileChange.objects.get().changes == {
        "versions": ["", "Core 4.2"],
        "account_manager": [None, "pam"],
    }
    url = reverse("admin:tickets_organizationprofile_change", args=[profile.pk])
    form = _form(org, versions="Core 4.3", account_manager=pam.pk)
    del form["organization"]  # read-only once the profile exists
    assert client.post(url, form).status_code == 302
    latest = ProfileChange.objects.order_by("-pk").first()
    assert (latest.author, latest.changes) == (root, {"versions": ["Core 4.2", "Core 4.3"]})


def test_a_refused_admin_edit_changes_nothing(client, agent):
    org = OrganizationFactory()
    services.edit_profile(org, actor=agent, values={"versions": "Core 4.2"})
    customer = CustomerFactory(customer_profile__organization=org)
    profile = OrganizationProfile.objects.get(organization=org)
    url = reverse("admin:tickets_organizationprofile_change", args=[profile.pk])
    before = world()
    form = _form(org, versions="Core 5", account_manager=customer.pk)
    del form["organization"]
    response = client.post(url, form, follow=True)
    assert "The profile has invalid fields." in response.content.decode()
    assert world() == before
