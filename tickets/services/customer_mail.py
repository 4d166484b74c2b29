"""Emails other apps send to a ticket's customer (a technical call's invitation and its
summary): written to the outbox in the caller's transaction, on the ticket's email thread, with
a dedupe key naming the event. The caller puts only public things in the email."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from helpdesk.notifications.services import Attachment

from .. import notify
from ..models import Ticket

__all__ = ["Attachment", "email_customer"]


def email_customer(
    ticket: Ticket,
    *,
    kind: str,
    key: str,
    template: str,
    at: datetime,
    signer=None,
    files: Iterable[Attachment] = (),
    **context: Any,
) -> bool:
    """One email to ``ticket``'s requester from ``template`` (``<template>.subject.txt``,
    ``.txt`` and ``.html``, which may extend ``tickets/emails/base.txt``), signed by ``signer``
    or by the team, with ``files`` attached. False when the requester has no email address."""
    return notify.other_app_email(
        ticket,
        kind=kind,
        key=key,
        template=template,
        at=at,
        signer=signer,
        files=files,
        **context,
    )
