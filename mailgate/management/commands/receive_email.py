"""``python manage.py receive_email < message.eml``: the door a mail server's pipe uses.

Exit status (sysexits, as MTAs read them): 0 when the message was taken (a ticket, a reply, a
logged discard or refusal, or a duplicate of one received before); 65 (EX_DATAERR) when standard
input holds no message; 75 (EX_TEMPFAIL) when the database failed, so the mail server keeps the
message and tries again; 70 (EX_SOFTWARE) for anything else. Failures print one line on stderr.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from mailgate.services import receive
from mailgate.states import Source

EX_OK = 0
EX_DATAERR = 65
EX_SOFTWARE = 70
EX_TEMPFAIL = 75
MAX_BYTES = 50 * 1024**2


class Command(BaseCommand):
    help = "Receive one RFC 5322 message on standard input into the helpdesk."

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            self._fail(EX_DATAERR, f"the message is larger than {MAX_BYTES} bytes")
        if not raw.strip() or b":" not in raw.split(b"\n\n", 1)[0]:
            self._fail(EX_DATAERR, "standard input holds no RFC 5322 message (no headers)")
        try:
            row, stored = receive(raw, source=Source.PIPE)
        except DatabaseError as error:
            self._fail(EX_TEMPFAIL, f"database error, try again later: {error}")
        except Exception as error:  # one line for the mail server's log, never a traceback
            self._fail(EX_SOFTWARE, f"{type(error).__name__}: {error}")
        verb = "received" if stored else "already received"
        self.stdout.write(f"{verb}: {row.get_result_display()} {row.reason}".strip())

    def _fail(self, status: int, reason: str):
        sys.stderr.write(f"receive_email: {' '.join(reason.split())}\n")
        sys.exit(status)
