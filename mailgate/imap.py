"""The IMAP door: poll a mailbox and hand each unseen message to ``receive``.

The contract that makes a crash harmless:

- messages are fetched with ``BODY.PEEK`` (``mark_seen=False``), so fetching changes nothing on
  the server;
- each message goes through ``receive``, which commits its ``ReceivedMail`` row and everything
  the pipeline wrote in one transaction, keyed by mailbox and Message-ID (unique);
- only then is the message marked seen (or moved to the mailbox's processed folder), a batch at a
  time.

A worker killed anywhere in between leaves the message unseen on the server: the next poll
fetches it again, and ``receive`` finds its row and stores nothing twice. A message ``receive``
fails on stays unseen too (logged, and counted in the mailbox's ``last_error``); the poll goes on
with the next one. Two polls of one mailbox at once are safe for the same reason, merely wasted.
"""

import imaplib
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import ngettext
from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessage, MailMessageFlags
from imap_tools.errors import ImapToolsError, MailboxLoginError

from .models import Mailbox
from .services import receive
from .services.mailboxes import record_poll
from .states import Source

logger = logging.getLogger(__name__)

BATCH_SIZE = 50  # messages per FETCH, and per STORE/MOVE once they are stored
LIMIT = 2000  # messages per poll at most: the next minute's poll takes the rest
TIMEOUT = 60  # seconds for any one IMAP command


class RawMessage(MailMessage):
    """imap-tools' message, keeping the exact bytes the server sent (``receive`` hashes them
    when the message has no Message-ID, so they must be the same at every fetch)."""

    def __init__(self, fetch_data: list) -> None:
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


class _PlainBox(MailBoxUnencrypted):
    email_message_class = RawMessage


class _TlsBox(MailBox):
    email_message_class = RawMessage


@dataclass
class Poll:
    """What one poll of one mailbox did."""

    mailbox: str
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.mailbox}: {self.fetched} fetched, {self.stored} stored, "
            f"{self.duplicates} already received, {self.failed} failed"
        )
        return f"{text} ({self.error})" if self.error else text


def _connect(mailbox: Mailbox) -> MailBox | MailBoxUnencrypted:
    if mailbox.use_tls:
        return _TlsBox(mailbox.host, mailbox.port, timeout=TIMEOUT)
    return _PlainBox(mailbox.host, mailbox.port, timeout=TIMEOUT)


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _settle(box: MailBox | MailBoxUnencrypted, mailbox: Mailbox, uids: list[str]) -> None:
    """Mark stored messages seen, or move them to the processed folder."""
    if not uids:
        return
    if mailbox.processed_folder:
        box.move(uids, mailbox.processed_folder)
    else:
        box.flag(uids, MailMessageFlags.SEEN, True)


def poll(
    mailbox: Mailbox,
    *,
    batch_size: int = BATCH_SIZE,
    limit: int = LIMIT,
) -> Poll:
    """Fetch ``mailbox``'s unseen messages and receive each once. Never raises for the server's
    or a message's faults: they end up in ``mailbox.last_error``."""
    result = Poll(mailbox.name)
    password = os.environ.get(mailbox.password_env, "")
    if not password:
        result.error = f"The environment variable {mailbox.password_env} is not set."
        record_poll(mailbox, error=result.error)
        return result
    first_failure = ""
    try:
        with _connect(mailbox) as box:
            box.login(mailbox.username, password, initial_folder=mailbox.folder)
            if mailbox.processed_folder and not box.folder.exists(mailbox.processed_folder):
                box.folder.create(mailbox.processed_folder)
            uids = box.uids(AND(seen=False))[:limit]
            for batch in _batches(uids, batch_size):
                done: list[str] = []
                for message in box.fetch(uid_list=batch, mark_seen=False, bulk=batch_size):
                    result.fetched += 1
                    assert isinstance(message, RawMessage)
                    try:
                        _row, stored = receive(message.raw, source=Source.IMAP, mailbox=mailbox)
                    except Exception as error:
                        result.failed += 1
                        first_failure = first_failure or f"{type(error).__name__}: {error}"
                        logger.exception(
                            "Mailbox %s: message UID %s could not be received; it stays unseen.",
                            mailbox.name,
                            message.uid,
                        )
                        continue
                    if stored:
                        result.stored += 1
                    else:
                        result.duplicates += 1
                    if message.uid:
                        done.append(message.uid)
                _settle(box, mailbox, done)
    except MailboxLoginError:
        result.error = f"The IMAP server refused the login of {mailbox.username}."
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        result.error = f"IMAP error: {type(error).__name__}: {error}"
    if result.failed and not result.error:
        result.error = ngettext(
            "%(n)d message could not be received and stays unseen: %(first)s",
            "%(n)d messages could not be received and stay unseen; the first: %(first)s",
            result.failed,
        ) % {"n": result.failed, "first": first_failure}
    if result.error:
        logger.warning("Mailbox %s: %s", mailbox.name, result.error)
    record_poll(mailbox, error=result.error)
    return result


def poll_active(names: Sequence[str] = ()) -> list[Poll]:
    """Poll every active mailbox (or the active ones among ``names``), one after the other."""
    mailboxes = Mailbox.objects.filter(active=True).order_by("pk")
    if names:
        mailboxes = mailboxes.filter(name__in=names)
    return [poll(mailbox) for mailbox in mailboxes]
