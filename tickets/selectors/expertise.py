"""Who knows what, for apps that cannot read each other: the topics each agent lists (seed 000's
Experts list, kept by ``escalation``), asked through a small registry so dependencies keep
pointing one way. ``escalation`` registers its provider in its AppConfig.ready; ``engineering``
asks here to suggest the developer specialised in a task's app (seed 001)."""

from collections.abc import Callable, Collection

TopicsProvider = Callable[[Collection[int]], dict[int, list[str]]]
_providers: list[TopicsProvider] = []


def register_topics_provider(provider: TopicsProvider) -> None:
    """``provider(agent_ids) -> {agent_id: [topic, …]}``; registered once at start-up."""
    if provider not in _providers:
        _providers.append(provider)


def agent_topics(agent_ids: Collection[int]) -> dict[int, list[str]]:
    """The topics of each agent in ``agent_ids`` (an empty list when none or no provider)."""
    topics: dict[int, list[str]] = {pk: [] for pk in agent_ids}
    for provider in _providers:
        for pk, names in provider(agent_ids).items():
            topics.setdefault(pk, []).extend(names)
    return topics
