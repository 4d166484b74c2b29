"""Attachments are served only here, after a permission check, as downloads."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from .. import policies
from ..models import Attachment


@login_required
def download(request, pk: int, filename: str):
    attachment = Attachment.objects.select_related("ticket", "message").filter(pk=pk).first()
    if attachment is None or not policies.can_view_ticket(request.user, attachment.ticket):
        raise Http404("No such attachment.")
    if attachment.message and not policies.can_see_message_kind(
        request.user, attachment.message.kind
    ):
        raise Http404("No such attachment.")
    return protected_file(attachment, as_attachment=not attachment.is_image)


def protected_file(stored, *, as_attachment: bool = True) -> FileResponse:
    """A stored file (``file``, ``filename``, ``content_type``) as a response nobody's browser
    runs: no type sniffing, a sandbox, never cached by a shared cache."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=as_attachment,
        filename=stored.filename,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
