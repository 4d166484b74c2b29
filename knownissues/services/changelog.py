"""The changelog style of a known issue's title and public title (seed 003-59: "write the bug
title/on call fix entry in the format used by the changelog").

The rule, in one place (decision 0031):

- normalised: runs of spaces become one, no leading or trailing space, no trailing full stop
  (changelog lines are not sentences), the first letter capitalised; a leading change word
  ("fixed:", "ADDED :") is written ``Fixed:`` / ``Added:`` …, one space after the colon;
- refused, with a message on the field: fewer than 5 or more than 120 characters; a ticket
  number (``#1234``: the changelog is public); a line ending in ``?`` or ``!``; a line in
  capitals.
"""

import re

MIN_CHARS = 5
MAX_CHARS = 120
CHANGE_WORDS = ("Fixed", "Added", "Changed", "Improved", "Removed", "Hotfix")
EXAMPLE = "e.g. 'Fixed: checkout returns 502 for large carts'"

_PREFIX = re.compile(rf"^({'|'.join(CHANGE_WORDS)})\s*:\s*", re.IGNORECASE)
_TICKET_NUMBER = re.compile(r"#\s?\d+")


def normalise(value: str) -> str:
    text = " ".join((value or "").split()).rstrip(".").rstrip()
    match = _PREFIX.match(text)
    if match:
        text = f"{match.group(1).capitalize()}: {text[match.end() :]}"
    return text[:1].upper() + text[1:]


def problems(text: str) -> list[str]:
    """What breaks the changelog style in an already normalised ``text``; empty when fine."""
    if len(text) < MIN_CHARS:
        return [f"At least {MIN_CHARS} characters, changelog style, {EXAMPLE}."]
    if len(text) > MAX_CHARS:
        return [f"At most {MAX_CHARS} characters: a changelog line, not a description."]
    found = []
    if _TICKET_NUMBER.search(text):
        found.append("No ticket numbers: the changelog is public. Link the tickets instead.")
    if text.endswith(("?", "!")):
        found.append("A changelog line states what changed: no question or exclamation mark.")
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        found.append("Not in capitals: write it as a sentence.")
    return found
