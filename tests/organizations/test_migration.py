"""Tickets 0025: the customer profile's three notes move to their organization's profile (every
customer's distinct notes become its custom code modules, the first test site and source
location win), and going back copies the organization's values to each of its customers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import OrganizationFactory, UserFactory
from tickets.models import OrganizationProfile, ProfileChange

BEFORE = [("tickets", "0024_custom_code_category")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_customers_notes_move_to_the_organizations_profile_and_back():
    old = _migrate(BEFORE)
    OldProfile = old.get_model("tickets", "CustomerProfile")
    acme, globex, quiet = (OrganizationFactory() for _ in range(3))

    def customer(org, **notes):
        OldProfile.objects.create(user_id=UserFactory().pk, organization_id=org.pk, **notes)

    customer(acme, custom_code_notes="booking-bridge", test_site_url="https://test.acme.example")
    customer(acme, custom_code_notes="booking-bridge", source_location="GitLab acme/web")
    customer(acme, custom_code_notes="  rates-sync  ", test_site_url="https://other.example")
    customer(globex, source_location="SVN trunk")
    customer(quiet)

    _migrate(_latest())

    profiles = {
        p.organization_id: (p.custom_modules, p.test_site_url, p.source_location)
        for p in OrganizationProfile.objects.all()
    }
    assert profiles == {
        acme.pk: ("booking-bridge\n\nrates-sync", "https://test.acme.example", "GitLab acme/web"),
        globex.pk: ("", "", "SVN trunk"),
    }
    assert not ProfileChange.objects.exists()  # moved, not edited by anyone

    back = _migrate(BEFORE)
    restored = set(
        back.get_model("tickets", "CustomerProfile")
        .objects.filter(organization_id=acme.pk)
        .values_list("custom_code_notes", "test_site_url", "source_location")
    )
    assert restored == {
        ("booking-bridge\n\nrates-sync", "https://test.acme.example", "GitLab acme/web")
    }
    _migrate(_latest())
