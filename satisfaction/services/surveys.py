"""A survey per resolution round, and its one answer.

- ``open_survey``: the ticket was resolved (by a person or the auto-resolve timer): a new round
  (1, then 2 after a reopen and a second resolution…) with the assignee, tier and category of
  that moment, and the question emailed. A replay of the same resolution opens nothing.
- ``answer_by_link`` / ``answer_in_portal``: the first answer wins; a later click or form
  changes nothing (``AlreadyAnswered``). A survey is answered at most ``ANSWER_DAYS`` after its
  resolution.
- ``comment_by_link``: the optional comment, added once, after the answer.
- "Not good" writes a system note on the ticket (author: the helpdesk itself; staff only) for
  the tier's lead, and tells the lead (event ``ticket.csat_not_good``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.core.links import absolute_url
from helpdesk.notifications import events
from tickets import services as tickets
from tickets.models import Ticket
from tickets.selectors import tickets_visible_to

from .. import policies
from ..errors import AlreadyAnswered, AlreadyCommented, LinkExpired
from ..models import Survey
from ..selectors import latest_survey
from ..states import ANSWER_DAYS, COMMENT_MAX_LENGTH, AnsweredVia, Rating
from . import emails
from .links import read


@dataclass(frozen=True)
class Outcome:
    survey: Survey
    first: bool  # False: the survey was already answered, nothing changed


def open_survey(ticket: Ticket, at: datetime) -> Survey:
    """Called in the resolving transaction (``receivers``)."""
    last = Survey.objects.filter(ticket=ticket).order_by("-round").first()
    if last is not None and last.resolved_at == at:
        return last
    survey = Survey.objects.create(
        ticket=ticket,
        round=last.round + 1 if last else 1,
        resolved_at=at,
        agent_id=ticket.assignee_id,
        tier_id=ticket.tier_id,
        category=ticket.category,
    )
    emails.question(survey, ticket, at)
    return survey


def _clean_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationFailed(
            f"Keep the comment under {COMMENT_MAX_LENGTH} characters.",
            fields={"comment": [f"At most {COMMENT_MAX_LENGTH} characters."]},
        )
    return comment


def _rating(value: str) -> str:
    if value not in Rating.values:
        raise ValidationFailed(
            "Choose Good or Not good.", fields={"rating": ["Choose Good or Not good."]}
        )
    return value


def _locked(survey_id: int) -> Survey:
    survey = (
        Survey.objects.select_for_update()
        .select_related("ticket", "tier")
        .filter(pk=survey_id)
        .first()
    )
    if survey is None:
        raise NotFound("This question no longer exists.")
    return survey


def _check_open(survey: Survey, at: datetime) -> None:
    if at > survey.resolved_at + timedelta(days=ANSWER_DAYS):
        raise LinkExpired(
            f"This question has closed: answers are taken for {ANSWER_DAYS} days after the "
            "ticket was resolved."
        )


def _quote(text: str) -> str:
    return "> " + text.replace("\n", "\n> ")


def _note_for_lead(survey: Survey, comment: str, at: datetime, *, first: bool) -> None:
    ticket = survey.ticket
    if first:
        body = (
            "Customer satisfaction: the customer answered **Not good** about resolution "
            f"{survey.round} of this ticket."
        )
        if comment:
            body += f"\n\nTheir comment:\n\n{_quote(comment)}"
    else:
        body = "Customer satisfaction: the customer's comment on their **Not good**:"
        body += f"\n\n{_quote(comment)}"
    tickets.add_system_note(ticket, body, at=at)
    if first:
        events.publish(
            events.Event(
                name=events.Name.CSAT_NOT_GOOD,
                at=at,
                dedupe_key=f"csat-not-good:{survey.pk}",
                title=f"Not good from the customer on #{ticket.pk}: {ticket.subject}",
                ticket_number=ticket.pk,
                url=absolute_url("desk-ticket", ticket.pk),
                recipients=(survey.tier.lead_id,) if survey.tier.lead_id else (),
                data={"ticket": ticket.pk, "survey": survey.pk, "round": survey.round},
            )
        )


def _answer(survey_id: int, rating: str, via: str, comment: str, at: datetime) -> Outcome:
    with transaction.atomic():
        survey = _locked(survey_id)
        if survey.answered:
            return Outcome(survey, first=False)
        _check_open(survey, at)
        survey.rating = rating
        survey.answered_at = at
        survey.answered_via = via
        if comment:
            survey.comment = comment
            survey.commented_at = at
        survey.save(
            update_fields=["rating", "answered_at", "answered_via", "comment", "commented_at"]
        )
        if rating == Rating.NOT_GOOD:
            _note_for_lead(survey, comment, at, first=True)
    return Outcome(survey, first=True)


def answer_by_link(token: str, *, at: datetime | None = None) -> Outcome:
    """The customer clicked Good or Not good in the email. ``first`` False: already answered
    (by this link, the other one or the portal), and nothing changed."""
    survey_id, rating = read(token)
    return _answer(survey_id, rating, AnsweredVia.EMAIL, "", at or timezone.now())


def comment_by_link(token: str, comment: str, *, at: datetime | None = None) -> Survey:
    """The optional comment on the page the link opened: once, after the answer."""
    survey_id, _rating_of_link = read(token)
    comment = _clean_comment(comment)
    if not comment:
        raise ValidationFailed("Write a comment first.", fields={"comment": ["Write a comment."]})
    at = at or timezone.now()
    with transaction.atomic():
        survey = _locked(survey_id)
        if not survey.answered:
            raise ValidationFailed("Answer the question before adding a comment.")
        if survey.commented_at is not None:
            raise AlreadyCommented("You already added a comment. Thank you!")
        _check_open(survey, at)
        survey.comment = comment
        survey.commented_at = at
        survey.save(update_fields=["comment", "commented_at"])
        if survey.rating == Rating.NOT_GOOD:
            _note_for_lead(survey, comment, at, first=False)
    return survey


def answer_in_portal(
    ticket: Ticket, *, actor, rating: str, comment: str = "", at: datetime | None = None
) -> Survey:
    """The customer answers on their ticket's page: the latest round, only the requester."""
    if not tickets_visible_to(actor).filter(pk=ticket.pk).exists():
        raise NotFound(f"Ticket {ticket.pk} was not found.")
    if not policies.may_answer_in_portal(actor, ticket):
        raise PermissionDenied("Only the customer who asked may answer this question.")
    rating = _rating(rating)
    comment = _clean_comment(comment)
    survey = latest_survey(ticket)
    if survey is None:
        raise NotFound(f"Ticket #{ticket.pk} has no question to answer.")
    outcome = _answer(survey.pk, rating, AnsweredVia.PORTAL, comment, at or timezone.now())
    if not outcome.first:
        raise AlreadyAnswered("You already answered this question. Thank you!")
    return outcome.survey
