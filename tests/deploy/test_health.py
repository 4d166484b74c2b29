import pytest
from django.db import OperationalError
from django.urls import reverse


def test_healthz_is_routed_at_the_path_the_compose_healthcheck_probes():
    assert reverse("healthz") == "/healthz"


def test_healthz_answers_ok_after_one_database_query(client, db, django_assert_num_queries):
    # Given a database that answers
    # When the probe asks
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    # Then it is told the service is up, and the answer is never cached
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


def test_healthz_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    # Given a database that refuses connections
    class RefusingConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("helpdesk.core.health.connection", RefusingConnection())
    client.raise_request_exception = False

    # When the probe asks
    response = client.get("/healthz")

    # Then it gets a server error, so the container is reported unhealthy
    assert response.status_code == 500


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, db, method):
    response = getattr(client, method)("/healthz")

    assert response.status_code == 405
