"""The committed mail corpus (``mail/*.eml``), filled in for one test's tickets."""

from pathlib import Path
from string import Template

MAIL = Path(__file__).resolve().parent / "mail"


def mail(name: str, **values) -> bytes:
    """``mail/<name>.eml`` with ``$placeholders`` (``$sender``, ``$reply_address``,
    ``$number``, ``$in_reply_to``…) replaced; the ones not given stay as written."""
    text = (MAIL / f"{name}.eml").read_text(encoding="utf-8")
    return Template(text).safe_substitute(**values).replace("\r\n", "\n").encode("utf-8")
