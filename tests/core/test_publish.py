"""Publishing a task after the commit: once per transaction for one task and its arguments;
a broker error is logged and swallowed (the periodic run catches up)."""

import logging

import pytest
from django.db import transaction

from helpdesk.celery import app as celery_app
from helpdesk.core.publish import publish, publish_on_commit
from tests.support.broker import broker_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    calls = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, **kwargs: calls.append((name, kwargs["args"]))
    )
    return calls


def test_published_after_the_commit_once_per_task_and_arguments(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        publish_on_commit("app.send", fallback="the sweep sends it")
        publish_on_commit("app.send", fallback="the sweep sends it")
        publish_on_commit("app.answer", 7, fallback="the resume sends it")
        publish_on_commit("app.answer", 8, fallback="the resume sends it")
        publish_on_commit("app.answer", 7, fallback="the resume sends it")
        assert published == []  # nothing before the commit

    assert len(callbacks) == 3
    assert published == [("app.send", None), ("app.answer", [7]), ("app.answer", [8])]


def test_nothing_is_published_when_the_transaction_rolls_back(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                publish_on_commit("app.send", fallback="the sweep sends it")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert (callbacks, published) == ([], [])


def test_an_unreachable_broker_is_logged_and_swallowed(caplog):
    caplog.set_level(logging.WARNING, logger="helpdesk.core.publish")
    with broker_unreachable():
        assert publish("app.answer", 7, fallback="the resume sends it") is False
    assert "Could not publish app.answer[7]; the resume sends it." in caplog.text
