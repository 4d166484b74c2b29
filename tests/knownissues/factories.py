"""Known-issue factories (the shared ones are in tests/factories.py)."""

import factory
from django.utils import timezone

from helpdesk.celery import app as celery_app
from knownissues.models import KnownIssue
from knownissues.services import SEND_BULK_ANSWER_TASK
from knownissues.states import IssueStatus
from tests.factories import AgentFactory


class KnownIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnownIssue

    title = factory.Sequence(lambda n: f"Checkout returns 502 for some carts ({n})")
    slug = factory.Sequence(lambda n: f"checkout-502-{n}")
    status = IssueStatus.INVESTIGATING
    description = "Staff only: the **payment** worker times out."
    public_summary = "Some checkouts fail with an error; we are on it."
    created_by = factory.SubFactory(AgentFactory)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)

    class Params:
        known = factory.Trait(status=IssueStatus.KNOWN_ISSUE)
        resolved = factory.Trait(
            status=IssueStatus.RESOLVED, resolved_at=factory.LazyFunction(timezone.now)
        )


def capture_bulk_sends(monkeypatch, published: list) -> None:
    """Collect the bulk answers published to the worker (their ids) instead of sending them
    to the broker; other tasks are not published."""

    def send_task(name, args=None, **kwargs):
        if name == SEND_BULK_ANSWER_TASK:
            published.extend(args)

    monkeypatch.setattr(celery_app, "send_task", send_task)
