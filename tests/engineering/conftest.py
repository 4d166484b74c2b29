import pytest

from engineering import hooks as task_hooks


@pytest.fixture(autouse=True)
def _no_time_provider(monkeypatch):
    """Tests say how much time was logged; by default no timesheet app answers (None)."""
    monkeypatch.setattr(task_hooks, "_minutes_logged", [])


@pytest.fixture
def minutes(monkeypatch):
    """``minutes(n)``: every task has ``n`` minutes logged."""

    def set_minutes(n: int) -> None:
        monkeypatch.setattr(task_hooks, "_minutes_logged", [lambda task: n])

    return set_minutes
