"""The demo's satisfaction answers: figures on the dashboard, one Not good note, idempotent."""

import pytest

from satisfaction import demo
from satisfaction.models import Survey
from tickets.demo import seed_demo as seed_tickets
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def test_the_demo_answers_some_surveys_once():
    seed_tickets()
    assert Survey.objects.count() > len(demo.ANSWERS)  # the resolved demo tickets asked

    assert demo.seed_demo() == "Satisfaction: 4 demo answers."
    assert demo.seed_demo() == "Satisfaction: demo answers already there."

    answered = Survey.objects.filter(answered_at__isnull=False)
    assert sorted(answered.values_list("rating", flat=True)) == ["good", "good", "good", "not_good"]
    assert set(answered.values_list("answered_via", flat=True)) <= {"email", "portal"}
    bad = answered.get(rating="not_good")
    assert Message.objects.filter(ticket=bad.ticket, kind=MessageKind.SYSTEM_NOTE).exists()
