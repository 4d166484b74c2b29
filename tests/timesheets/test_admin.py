"""Admin: packs are configured there, through the pack service; the time records are shown
without add or change."""

from datetime import date

import pytest
from django.test import Client

from tests.factories import OrganizationFactory, UserFactory
from timesheets import services
from timesheets.models import FollowUp, RunningTimer, SupportPack, TechnicalCall, TimeEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_an_admin_adds_a_support_pack_through_the_service(admin_client, monkeypatch):
    saved = []
    original = services.save_pack
    monkeypatch.setattr(services, "save_pack", lambda pack: saved.append(pack) or original(pack))
    org = OrganizationFactory(name="Acme")

    response = admin_client.post(
        "/admin/timesheets/supportpack/add/",
        {
            "organization": org.pk,
            "reference": "ACME-20",
            "hours": "20",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "consultant": "",
        },
    )

    assert response.status_code == 302
    pack = SupportPack.objects.get()
    assert (pack.organization, pack.reference, pack.hours) == (org, "ACME-20", 20)
    assert (pack.valid_from, pack.valid_until) == (date(2026, 1, 1), date(2026, 12, 31))
    assert saved == [pack]


@pytest.mark.parametrize("model", [TimeEntry, RunningTimer, TechnicalCall, FollowUp])
def test_time_records_are_listed_but_not_added_in_admin(admin_client, model):
    meta = model._meta

    assert admin_client.get(f"/admin/timesheets/{meta.model_name}/").status_code == 200
    assert admin_client.get(f"/admin/timesheets/{meta.model_name}/add/").status_code == 403
