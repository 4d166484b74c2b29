"""The line at the top of every email a customer can answer.

Mail clients put the answer above the quoted email, so whatever sits below this line in an
answer is the history the customer did not write; the inbound pipeline cuts there first (before
its reply-extraction library), in any language the customer's client quotes in.
"""

REPLY_MARKER = "## Reply above this line ##"


def above_marker(text: str) -> str:
    """``text`` up to the first line that carries the marker (quoted or not); all of it when
    there is none."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if REPLY_MARKER in line:
            return "\n".join(lines[:index]).rstrip()
    return text
