"""Surveys in the Django admin: listed for admins, never written there."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.satisfaction.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_surveys_read_only():
    survey = SurveyFactory(not_good=True, comment="Slow")
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    listing = client.get(reverse("admin:satisfaction_survey_changelist"))
    assert listing.status_code == 200
    assert str(survey.ticket) in listing.content.decode()
    assert "Not good" in listing.content.decode()
    assert client.get(reverse("admin:satisfaction_survey_add")).status_code == 403
    detail = client.get(reverse("admin:satisfaction_survey_change", args=[survey.pk]))
    assert detail.status_code == 200
    assert 'name="rating"' not in detail.content.decode()  # shown, not editable
    response = client.post(
        reverse("admin:satisfaction_survey_delete", args=[survey.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
