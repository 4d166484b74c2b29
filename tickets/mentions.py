"""@mentions in an internal note: ``@username`` names a member of staff to tell (the one place
that parses them). An address (``bob@example.com``) is not a mention; a trailing full stop or
comma ends the name ("ask @ana.")."""

import re

MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w])")


def mentioned_usernames(body: str) -> list[str]:
    """The usernames ``body`` mentions, each once, in order of appearance."""
    return list(dict.fromkeys(match.group(1) for match in MENTION.finditer(body or "")))
