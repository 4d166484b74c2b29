"""What a message says: the new part of its text, and its files.

The text is the part the sender wrote now: quoted history, the "On … wrote:" header and the
signature are cut by mail-parser-reply (English and Spanish). HTML-only mail becomes Markdown
(markdownify). Either way the result is Markdown like any ticket body: rendering sanitizes it
(``helpdesk.core.markdown``, nh3), so nothing a sender writes can inject markup.
"""

import re
from dataclasses import dataclass
from email.message import EmailMessage

from django.core.files.uploadedfile import SimpleUploadedFile
from mailparser_reply import EmailReplyParser
from markdownify import markdownify

LANGUAGES = ["en", "es"]
_PARSER = EmailReplyParser(languages=LANGUAGES)
_BLANK_LINES = re.compile(r"\n{3,}")
# "Reply above this line" markers the helpdesk may put in its emails: everything below goes.
_ABOVE_THIS_LINE = re.compile(
    r"^.*(reply above this line|responda? por encima de esta l[ií]nea).*$", re.I | re.M
)


@dataclass(frozen=True)
class Extracted:
    text: str
    """The new part, as Markdown."""
    full_text: str
    """The whole body, as Markdown (for out-of-office notes and bounces)."""


def _decoded(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")


def html_to_markdown(html: str) -> str:
    """HTML as Markdown: scripts and styles dropped, images kept as their alt text."""
    text = markdownify(html, heading_style="ATX", strip=["img"])
    return _BLANK_LINES.sub("\n\n", text).strip()


def full_text(message: EmailMessage) -> str:
    """The body as Markdown: the plain-text part, else the HTML part converted."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _decoded(part)
    if part.get_content_subtype() == "html":
        return html_to_markdown(content)
    return content.replace("\r\n", "\n").strip()


def new_part(text: str) -> str:
    """``text`` without its quoted history and signature."""
    marker = _ABOVE_THIS_LINE.search(text)
    if marker:
        text = text[: marker.start()]
    if not text.strip():
        return ""
    email = _PARSER.read(text)
    if not email.replies:
        return text.strip()
    return email.replies[0].body.strip()


def extract(message: EmailMessage) -> Extracted:
    whole = full_text(message)
    return Extracted(text=new_part(whole), full_text=whole)


def attachments(message: EmailMessage) -> list[SimpleUploadedFile]:
    """The message's files as uploads, for the same checks as the portal's."""
    files = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        if part.get_content_maintype() == "multipart":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = part.as_bytes()  # an attached message (message/rfc822)
        name = part.get_filename() or f"attachment-{index}"
        files.append(SimpleUploadedFile(name, payload, content_type=part.get_content_type()))
    return files
