import pytest

from knowledge import services


@pytest.fixture
def publish(agent, lead):
    """``publish(title, body, **fields)``: an article written by the agent and published by the
    lead through the services (so it has its version 1)."""

    def make(title: str, body: str = "", **fields):
        article = services.create_article(
            actor=agent,
            title=title,
            body=body or f"{title}: open Settings and follow the steps.",
            category=fields.pop("category", "general"),
            **fields,
        )
        return services.transition_article(article, actor=lead, name="publish")

    return make


@pytest.fixture
def draft(agent):
    def make(title: str, body: str = "", **fields):
        return services.create_article(
            actor=agent,
            title=title,
            body=body or f"{title}: a first try.",
            category=fields.pop("category", "general"),
            **fields,
        )

    return make
