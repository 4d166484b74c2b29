"""Admin: SLA thresholds are shown and edited in hours (stored in minutes), and a Red before
Yellow is refused with a sentence, not the constraint's name."""

import pytest
from django.test import Client

from sla.models import SlaPolicy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _form(policy: SlaPolicy, **hours) -> dict:
    return {
        "tier": policy.tier_id,
        "calendar": policy.calendar_id,
        "yellow_after_minutes": policy.yellow_after_minutes,
        "red_after_minutes": policy.red_after_minutes,
        "pause_on_pending": "on",
        "pause_on_waiting": "on",
        "pause_on_hold": "on",
        "green_target_percent": 80,
        **hours,
    }


def test_the_list_and_the_form_show_hours(admin_client):
    policy = SlaPolicy.objects.get(tier__slug="triage")
    policy.yellow_after_minutes, policy.red_after_minutes = 90, 480
    policy.save()

    listing = admin_client.get("/admin/sla/slapolicy/").content.decode()
    form = admin_client.get(f"/admin/sla/slapolicy/{policy.pk}/change/").content.decode()

    # Business time, in words: a business day is the calendar's 8 hours.
    assert "1.5 business hours" in listing
    assert "1 business day" in listing
    assert "Yellow after (business hours)" in form
    assert 'name="yellow_after_hours" value="1.5"' in form
    assert 'name="red_after_hours" value="8"' in form


def test_hours_typed_are_stored_as_minutes(admin_client):
    policy = SlaPolicy.objects.get(tier__slug="triage")

    response = admin_client.post(
        f"/admin/sla/slapolicy/{policy.pk}/change/",
        _form(policy, yellow_after_hours="1.5", red_after_hours="6"),
    )

    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.yellow_after_minutes, policy.red_after_minutes) == (90, 360)


def test_red_before_yellow_is_refused_with_a_sentence(admin_client):
    policy = SlaPolicy.objects.get(tier__slug="triage")
    before = (policy.yellow_after_minutes, policy.red_after_minutes)

    response = admin_client.post(
        f"/admin/sla/slapolicy/{policy.pk}/change/",
        _form(policy, yellow_after_hours="4", red_after_hours="2"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Red must come after Yellow: give Red more hours." in html
    assert "sla_red_after_yellow" not in html
    policy.refresh_from_db()
    assert (policy.yellow_after_minutes, policy.red_after_minutes) == before
