"""The satisfaction question emailed to the customer when their ticket is resolved.

An email of its own (its dedupe key names the survey, so each resolution round asks once),
threaded under the ticket's first email like every email of the ticket (``tickets.notify``'s
thread root, subject and reply address): ``tickets`` never learns about satisfaction.
"""

from datetime import datetime

from helpdesk.core.links import absolute_url
from helpdesk.notifications import addresses
from helpdesk.notifications import services as outbox
from helpdesk.notifications.markers import REPLY_MARKER
from tickets import notify
from tickets.models import Ticket

from ..models import Survey
from ..states import ANSWER_DAYS, Rating
from .links import link_for

KIND = "csat_question"


def dedupe_key(survey: Survey) -> str:
    return f"csat-question:{survey.pk}"


def question(survey: Survey, ticket: Ticket, at: datetime) -> bool:
    """Write the question email in the caller's transaction (False: no address to write to)."""
    recipient = ticket.requester.email
    root = notify.thread_root(ticket)
    return outbox.enqueue(
        kind=KIND,
        recipient=recipient,
        template="satisfaction/emails/question",
        context={
            "ticket": ticket,
            "ticket_url": absolute_url("portal-ticket", ticket.pk),
            "reply_marker": REPLY_MARKER,
            "greeting_name": notify.display_name(ticket.requester),
            "sender_name": notify.TEAM_NAME,
            "signature": "",
            "good_url": link_for(survey.pk, Rating.GOOD),
            "not_good_url": link_for(survey.pk, Rating.NOT_GOOD),
            "days": ANSWER_DAYS,
        },
        dedupe_key=dedupe_key(survey),
        ticket_number=ticket.pk,
        at=at,
        reply_to=addresses.reply_address(ticket.pk, recipient) if recipient else "",
        in_reply_to=root,
        references=(root,),
    )
