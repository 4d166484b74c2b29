"""Files people attach to a ticket or a message: checked as a batch, then stored."""

import mimetypes
import os
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from helpdesk.core.errors import ValidationFailed

from ..models import Attachment, Message, Ticket


def validate_uploads(files: Sequence[UploadedFile]) -> None:
    """Refuse the whole batch if any file is too large or of a type we do not accept."""
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    allowed = {ext.lower().lstrip(".") for ext in settings.HELPDESK_ATTACHMENT_EXTENSIONS}
    problems = []
    for upload in files:
        name = os.path.basename(upload.name or "")
        ext = os.path.splitext(name)[1].lower().lstrip(".")
        assert upload.size is not None  # Django's upload handlers always set it
        if upload.size > limit:
            problems.append(
                f"{name} is {upload.size / 1024**2:.1f} MB; the limit is "
                f"{limit / 1024**2:.0f} MB per file."
            )
        elif ext not in allowed:
            problems.append(
                f"{name}: files of type .{ext or '(none)'} are not accepted. "
                f"Accepted: {', '.join('.' + e for e in sorted(allowed))}."
            )
    if problems:
        raise ValidationFailed(" ".join(problems), fields={"attachments": problems})


def stored_name(upload: UploadedFile, fallback: str = "attachment") -> tuple[str, str]:
    """The safe file name an upload is stored under, and its content type (by extension)."""
    assert upload.name is not None  # Django's upload handlers always set it
    name = get_valid_filename(os.path.basename(upload.name)) or fallback
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream"


def _save_attachments(
    ticket: Ticket, message: Message | None, files: Iterable[UploadedFile], by, at: datetime
) -> list[Attachment]:
    saved = []
    for upload in files:
        assert upload.size is not None  # Django's upload handlers always set it
        name, content_type = stored_name(upload)
        attachment = Attachment(
            ticket=ticket,
            message=message,
            filename=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
            created_at=at,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved
