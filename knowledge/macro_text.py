"""A macro's text: its placeholders, checked and filled by plain substitution.

Not the Django template engine: a macro is text a person wrote, so nothing in it runs. A
placeholder is ``{{ name }}`` (spaces inside optional) with a name from ``PLACEHOLDERS``; each
value goes in as text (``as_text``): HTML and Markdown in a customer's name or a subject show as
typed, never as markup, once the reply is rendered (Markdown, sanitized).
"""

import re
from collections.abc import Mapping

PLACEHOLDERS: dict[str, str] = {
    "customer.first_name": "the customer's first name",
    "ticket.number": "the ticket's number",
    "ticket.subject": "the ticket's subject",
    "agent.name": "your name",
    "agent.signature": "your signature",
    "organization.name": "the customer's organization",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# Markdown that would turn a value into markup: emphasis, code, links, escapes.
_MARKDOWN = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def known_list() -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)


def problems(body: str) -> list[str]:
    """What is wrong with the placeholders of ``body``, in sentences; empty when nothing is."""
    found = []
    unknown = sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})
    for name in unknown:
        shown = f"{{{{ {name} }}}}" if name else "{{ }}"
        found.append(f"{shown} is not a placeholder. Use one of: {known_list()}.")
    rest = _PLACEHOLDER.sub("", body)
    if "{{" in rest or "}}" in rest:
        found.append("A placeholder is not closed: write it as {{ ticket.number }}.")
    return found


def as_text(value: str) -> str:
    """``value`` as literal text inside Markdown: HTML shows as typed, and so do ``*``, ``_``,
    backquotes, brackets and backslashes."""
    value = _MARKDOWN.sub(r"\\\1", value)
    value = _ENTITY.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;")


def fill(body: str, values: Mapping[str, str]) -> str:
    """``body`` with each known placeholder replaced by its value as text. An unknown one (a
    macro saved before its check) is left as written, for the agent to see and fix."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return as_text(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, body)
