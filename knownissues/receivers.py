"""Receivers: a known-issue tag typed on a ticket links it; removing the tag unlinks it.

``tickets.services.set_tags`` is the one write of a ticket's tags (the tag form, the API, the
escalation dialog's "escalate down with a known issue"); Django's ``m2m_changed`` fires inside
its transaction, so the link and its system note commit or roll back with the tag.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from tickets.models import Tag, Ticket
from tickets.policies import KNOWN_ISSUE_TAG

from . import services


@receiver(m2m_changed, sender=Ticket.tags.through, dispatch_uid="knownissues.tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if reverse:  # tag.tickets.add(...): one tag, many tickets
        pairs = [(ticket, instance.name) for ticket in Ticket.objects.filter(pk__in=pk_set)]
    else:
        names = Tag.objects.filter(pk__in=pk_set).values_list("name", flat=True)
        pairs = [(instance, name) for name in names]
    for ticket, name in pairs:
        if not KNOWN_ISSUE_TAG.fullmatch(name):
            continue
        if action == "post_add":
            services.link_from_tag(ticket, name)
        else:
            services.unlink_from_tag(ticket, name)
