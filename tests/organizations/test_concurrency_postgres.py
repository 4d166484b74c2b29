"""Two agents at once on PostgreSQL: the Deep Dive gets one new version and the slower editor a
conflict (their text is never silently replaced); two first edits of a profile that does not
exist yet both land, each recorded."""

import pytest

from helpdesk.core.errors import Conflict
from tests.factories import AgentFactory, OrganizationFactory
from tests.support.race import at_once, raised, returned
from tickets import services
from tickets.models import DeepDiveVersion, OrganizationProfile, ProfileChange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_deep_dive_saves_from_one_version_give_one_version_and_one_conflict():
    ana, bo = AgentFactory(), AgentFactory()
    org = OrganizationFactory()
    services.save_deep_dive(org, actor=ana, body="v1")
    outcomes = at_once(
        lambda: services.save_deep_dive(org, actor=ana, body="ana's v2", based_on=1),
        lambda: services.save_deep_dive(org, actor=bo, body="bo's v2", based_on=1),
    )
    [won] = returned(outcomes)
    [lost] = raised(outcomes, Conflict)
    assert "Someone saved version 2 of the Deep Dive" in lost.message
    assert list(DeepDiveVersion.objects.filter(organization=org).values_list("number", "body")) == [
        (2, won.body),
        (1, "v1"),
    ]


def test_two_first_edits_of_a_profile_both_land():
    ana, bo = AgentFactory(), AgentFactory()
    org = OrganizationFactory()
    outcomes = at_once(
        lambda: services.edit_profile(org, actor=ana, values={"versions": "Core 4"}),
        lambda: services.edit_profile(org, actor=bo, values={"source_location": "GitLab"}),
    )
    assert len(returned(outcomes)) == 2
    profile = OrganizationProfile.objects.get(organization=org)
    assert (profile.versions, profile.source_location) == ("Core 4", "GitLab")
    assert ProfileChange.objects.filter(organization=org).count() == 2
