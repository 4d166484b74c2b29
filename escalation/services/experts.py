"""Seed 000's Experts list: who to ask about a topic. Each agent keeps their own topics."""

from django.db import transaction

from helpdesk.core.errors import ValidationFailed

from ..models import AgentProfile
from ._common import require_agent

MAX_TOPICS, MAX_TOPIC = 20, 40


def clean_topics(text: str) -> list[str]:
    """The topics of one comma-separated line: trimmed, single-spaced, each once (case-blind),
    in the order written. Too many or too long is refused (400)."""
    topics: list[str] = []
    for raw in (text or "").split(","):
        topic = " ".join(raw.split())
        if topic and topic.lower() not in {t.lower() for t in topics}:
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise ValidationFailed(
            f"At most {MAX_TOPICS} topics.", fields={"topics": [f"Keep {MAX_TOPICS} at most."]}
        )
    long = [t for t in topics if len(t) > MAX_TOPIC]
    if long:
        raise ValidationFailed(
            f"A topic is a few words: {long[0][:50]!r} is too long.",
            fields={"topics": [f"Each topic at most {MAX_TOPIC} characters."]},
        )
    return topics


def set_topics(actor, text: str) -> list[str]:
    """An agent says what colleagues may ask them about (their own profile only)."""
    require_agent(actor, "list their topics")
    topics = clean_topics(text)
    with transaction.atomic():
        profile, _ = AgentProfile.objects.select_for_update().get_or_create(user=actor)
        profile.topics = ", ".join(topics)
        profile.save(update_fields=["topics"])
    return topics
