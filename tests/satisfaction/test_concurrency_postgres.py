"""Two clicks at the same instant (Good and Not good, two mail scanners, a double click): the
survey row lock lets exactly one answer in; the other reads "already answered"."""

import threading

import pytest

from satisfaction import services
from satisfaction.models import Survey
from satisfaction.services import token_for
from tests.satisfaction.factories import SurveyFactory
from tests.support.race import in_threads
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_clicks_answer_once():
    survey = SurveyFactory()
    barrier = threading.Barrier(2)

    def click(rating):
        def go():
            barrier.wait(timeout=10)
            return services.answer_by_link(token_for(survey.pk, rating)).first

        return go

    outcomes = in_threads(click("good"), click("not_good"))

    assert sorted(outcomes) == [False, True]
    stored = Survey.objects.get(pk=survey.pk)
    notes = Message.objects.filter(ticket=survey.ticket, kind=MessageKind.SYSTEM_NOTE).count()
    assert notes == (1 if stored.rating == "not_good" else 0)
