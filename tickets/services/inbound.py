"""The tickets-side writes of mail received (``mailgate`` calls these; it writes no ticket row).

A customer's email does what the same words on the portal do: ``open_ticket_from_mail`` files
through ``submit_ticket`` and ``reply_from_mail`` answers through ``customer_reply`` (Pending,
Waiting, Hold, Review and Resolved go back to Open; a reply to a Closed ticket opens a follow-up).

The full original of each email is kept as an ``.eml`` file on a system note
(``keep_original``): staff open it on the desk; the portal, the API and the attachment download
never show a system note's files to a customer (``policies.can_see_message_kind``).

Side-thread answers from a third party (``side_thread_message``) are internal notes marked with
their thread. Their author is empty: a partner has no account, and naming the agent who started
the thread would put words in their mouth; the body says who wrote. An attachment still needs an
uploader (a non-null column): the agent who started the thread, the person who brought the
partner in.

Every function runs in the caller's transaction (mailgate's ``receive``).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction

from helpdesk.core import roles
from helpdesk.core.errors import ValidationFailed

from .. import policies
from ..models import CustomerProfile, Message, Organization, SideThread, Ticket, TicketCC
from ..states import FiledVia, MessageKind
from ._common import ReplyOutcome, _lock, add_system_note
from .accounts import _clean_email, _clean_username
from .attachments import _save_attachments
from .ccs import add_ccs
from .messages import customer_reply
from .submission import submit_ticket

SUBJECT_MAX = 200


def customer_with_email(email: str):
    """The active customer (never an agent) whose address is ``email``, or None."""
    User = get_user_model()
    candidates = (
        User.objects.filter(email__iexact=(email or "").strip(), is_active=True)
        .select_related("customer_profile")
        .order_by("pk")
    )
    for user in candidates:
        if roles.is_customer(user):
            return user
    return None


def staff_with_email(email: str):
    """The active agent whose address is ``email``, or None."""
    User = get_user_model()
    for user in User.objects.filter(email__iexact=(email or "").strip(), is_active=True):
        if roles.is_agent(user):
            return user
    return None


def organization_for_domain(domain: str) -> Organization | None:
    """The one organization whose customers write from ``domain``; None when none or several
    do (a shared domain such as gmail.com names nobody's organization)."""
    domain = (domain or "").strip().lower()
    if not domain:
        return None
    ids = set(
        CustomerProfile.objects.filter(user__email__iendswith=f"@{domain}").values_list(
            "organization_id", flat=True
        )[:2]
    )
    if len(ids) != 1:
        return None
    return Organization.objects.get(pk=ids.pop())


def create_contact(email: str, organization: Organization):
    """A customer account for an address that wrote in (the mailbox's "create a contact"
    policy): no usable password (an agent invites them to the portal when they need it)."""
    email = _clean_email(email)
    User = get_user_model()
    user = User(**{User.USERNAME_FIELD: _clean_username(None, email)}, email=email)
    user.set_unusable_password()
    user.save()
    CustomerProfile.objects.create(user=user, organization=organization)
    return user


def may_write_by_mail(ticket: Ticket, email: str) -> bool:
    """Whether mail from ``email`` may land on ``ticket`` without a reply-address token: its
    requester, an address copied on it, or a customer of its organization."""
    email = (email or "").strip().lower()
    if not email:
        return False
    if (ticket.requester.email or "").lower() == email:
        return True
    if TicketCC.objects.filter(ticket=ticket, email__iexact=email).exists():
        return True
    return CustomerProfile.objects.filter(
        organization_id=ticket.organization_id, user__email__iexact=email, user__is_active=True
    ).exists()


def open_ticket_from_mail(
    *,
    requester,
    subject: str,
    body: str,
    category: str,
    attachments: Sequence[UploadedFile] = (),
    ccs: Iterable[str] = (),
    at: datetime,
    acknowledge: bool = True,
    filed_via: str = FiledVia.EMAIL,
) -> Ticket:
    """A customer's email opens a ticket: the portal's ``submit_ticket`` (Triage, the
    category's default priority, the "we received your ticket" email unless ``acknowledge`` is
    False), then its CCs. ``filed_via`` is the mailbox's: Email, or Forum for the forum's
    notification emails (seed 003-54)."""
    subject = " ".join((subject or "").split())[:SUBJECT_MAX] or "(no subject)"
    if filed_via not in FiledVia.values:
        raise ValidationFailed(
            "The ticket has invalid fields.",
            fields={"filed_via": [f"Choose one of: {', '.join(FiledVia.values)}."]},
        )
    with transaction.atomic():
        ticket = submit_ticket(
            actor=requester,
            subject=subject,
            description=body,
            category=category,
            attachments=attachments,
            at=at,
            acknowledge=acknowledge,
        )
        # ``submit_ticket`` records a channel only for a ticket filed on someone's behalf.
        Ticket.objects.filter(pk=ticket.pk).update(filed_via=filed_via)
        ticket.filed_via = filed_via
        add_ccs(ticket, ccs, at=at)
    return ticket


def reply_from_mail(
    ticket: Ticket,
    *,
    sender_email: str,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    ccs: Iterable[str] = (),
) -> ReplyOutcome:
    """A reply by email on the customer's side of ``ticket``: ``customer_reply``, as on the
    portal. The caller has checked that the sender may write here (reply-address token,
    ``may_write_by_mail``). A sender who has no portal view of the ticket (an address copied on
    it, a colleague who is not a manager) answers through the requester, and the reply says
    who wrote it."""
    user = customer_with_email(sender_email)
    if user is None or not policies.can_view_ticket(user, ticket):
        user = ticket.requester
        body = f"*Sent by email by {sender_email}:*\n\n{body}"
    outcome = customer_reply(ticket, actor=user, body=body, attachments=attachments)
    add_ccs(outcome.ticket, ccs, at=outcome.ticket.updated_at)
    return outcome


def side_thread_message(
    thread: SideThread,
    *,
    sender_email: str,
    subject: str,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    original: bytes = b"",
    at: datetime,
) -> Message:
    """A third party's answer in a side thread: an internal note marked with the thread (the
    customer never sees it, in any channel), with its files and the original email."""
    agent = staff_with_email(sender_email)
    text = f"**{sender_email}** wrote in the side thread *{thread.subject}*:\n\n{body}"
    ticket = _lock(thread.ticket_id)
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.INTERNAL_NOTE,
        body=text,
        author=agent,
        side_thread=thread,
        created_at=at,
    )
    files = list(attachments)
    if original:
        files.append(_eml(original))
    _save_attachments(ticket, message, files, agent or thread.started_by, at)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=at)
    return message


def _eml(raw: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("original.eml", raw, content_type="message/rfc822")


def keep_original(ticket: Ticket, *, raw: bytes, uploaded_by, note: str, at: datetime) -> Message:
    """A system note (staff only) with the full original email attached as ``original.eml``,
    and ``note`` (who sent it; which files were refused)."""
    message = add_system_note(ticket, note, at)
    _save_attachments(ticket, message, [_eml(raw)], uploaded_by, at)
    return message


def note_from_mail(ticket_number: int, body: str, *, at: datetime) -> Message | None:
    """A system note on ticket ``ticket_number`` (a bounce, an out-of-office); None when the
    ticket no longer exists."""
    ticket = Ticket.objects.filter(pk=ticket_number).first()
    if ticket is None:
        return None
    return add_system_note(ticket, body, at)
