"""The state-machine diagrams in docs/diagrams/ are the machines the code runs (make diagrams)."""

from pathlib import Path

import pytest
from django.core.management import call_command

DIAGRAMS = Path(__file__).resolve().parents[1] / "docs" / "diagrams"


def _lines(dot: str) -> list[str]:
    # graph_transitions writes states and edges in set order, which changes between runs.
    return sorted(line.strip() for line in dot.splitlines() if line.strip())


@pytest.mark.parametrize(
    ("model", "diagram"),
    [
        ("tickets.Ticket", "ticket-status.dot"),
        ("engineering.Task", "task-stage.dot"),
        ("knowledge.Article", "article-state.dot"),
    ],
)
def test_the_committed_diagram_matches_the_machine(model, diagram, capsys):
    call_command("graph_transitions", model)
    drawn = capsys.readouterr().out
    assert "->" in drawn
    assert _lines(drawn) == _lines((DIAGRAMS / diagram).read_text()), (
        f"{diagram} is out of date: run make diagrams"
    )
