"""An email backend for development: one readable ``.eml`` file per message.

``make run`` (DEBUG) uses it with ``EMAIL_FILE_PATH`` (``var/mail/``): open a file in any text
editor or mail client. Files are written to a temporary name and renamed, so a reader never sees
half a message.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class FilePerMessageBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            kind = message.extra_headers.get("X-Helpdesk-Notification", "mail")
            name = f"{stamp}-{kind}-{uuid.uuid4().hex[:8]}.eml"
            tmp = self.file_path / f".{name}.tmp"
            try:
                tmp.write_bytes(message.message().as_bytes(linesep="\n"))
                os.replace(tmp, self.file_path / name)
            except OSError:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent
