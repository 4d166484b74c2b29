"""Receivers: a known-issue tag typed on a ticket links it; removing the tag unlinks it.

``tickets.services.change_tags`` / ``set_tags`` are the only writes of a ticket's tags (the tag
form, the API, the escalation dialog's "escalate down with a known issue"); they send
``tickets.signals.tags_changed`` inside their transaction, so the link and its system note commit
or roll back with the tag.
"""

from django.dispatch import receiver

from tickets.models import Ticket
from tickets.policies import KNOWN_ISSUE_TAG
from tickets.signals import tags_changed

from . import services


@receiver(tags_changed, sender=Ticket, dispatch_uid="knownissues.tags_changed")
def link_known_issue_tags(sender, ticket, added, removed, at, **kwargs) -> None:
    for name in added:
        if KNOWN_ISSUE_TAG.fullmatch(name):
            services.link_from_tag(ticket, name, at=at)
    for name in removed:
        if KNOWN_ISSUE_TAG.fullmatch(name):
            services.unlink_from_tag(ticket, name, at=at)
