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
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.is_image,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
