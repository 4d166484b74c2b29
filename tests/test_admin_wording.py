"""Admin wording: model names are spelled right, and every constraint Django reports by name
(check constraints, conditional or expression unique constraints) carries a human sentence."""

import pytest
from django.apps import apps
from django.db.models import CheckConstraint, UniqueConstraint
from django.test import Client

from tests.factories import UserFactory

OURS = {"tickets", "engineering", "escalation", "sla", "knownissues", "timesheets", "mailgate"}
OURS |= {"notifications"}
OURS |= {"knowledge"}


def _reported_by_name(constraint) -> bool:
    if isinstance(constraint, CheckConstraint):
        return True
    return isinstance(constraint, UniqueConstraint) and bool(
        constraint.condition or constraint.expressions
    )


@pytest.mark.parametrize(
    "constraint",
    [
        pytest.param(c, id=f"{model.__name__}.{c.name}")
        for model in apps.get_models()
        if model._meta.app_label in OURS
        for c in model._meta.constraints
        if _reported_by_name(c)
    ],
)
def test_every_constraint_shown_by_name_has_a_sentence(constraint):
    message = str(constraint.get_violation_error_message())

    assert constraint.name not in message
    assert message.endswith(".")
    assert message[0].isupper()


@pytest.mark.django_db
def test_the_admin_index_spells_model_names_right():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    html = client.get("/admin/").content.decode()

    for right in ["SLA clocks", "Bulk answer deliveries", "On-call shifts", "Follow-ups"]:
        assert right in html
    for wrong in ["Sla clocks", "deliverys", "On call shifts", "Follow ups", "In app notif"]:
        assert wrong not in html
