"""The values inbound mail rows take."""

from django.db import models


class UnknownSender(models.TextChoices):
    """What a mailbox does with mail from an address no customer has."""

    CREATE_CONTACT = "create_contact", "Create a contact in the organization of the email's domain"
    REFUSE = "refuse", "Refuse with one polite reply saying how to get access"


class Result(models.TextChoices):
    """What the pipeline made of a message."""

    NEW_TICKET = "new_ticket", "New ticket"
    REPLY = "reply", "Reply on a ticket"
    SIDE_THREAD = "side_thread", "Side-thread message"
    BOUNCE = "bounce", "Bounce of a sent email"
    DISCARDED = "discarded", "Discarded (logged)"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class Source(models.TextChoices):
    IMAP = "imap", "IMAP mailbox"
    PIPE = "pipe", "receive_email (standard input)"
    DROP_FOLDER = "drop_folder", "Drop folder"
