"""The signed one-click links of the satisfaction email.

A link carries the survey's id and the rating it answers, signed with the site's secret and a
salt of its own (``django.core.signing``: a token made for another purpose, or edited, fails
the signature) and timestamped, so it expires ``ANSWER_DAYS`` after the email was written.
A link cannot change an answer: the first answer of a survey wins (``surveys``).
"""

from datetime import timedelta

from django.core import signing

from helpdesk.core.links import absolute_url

from ..errors import LinkExpired, LinkInvalid
from ..states import ANSWER_DAYS, Rating

SALT = "satisfaction.answer-link"
MAX_AGE = timedelta(days=ANSWER_DAYS)


def token_for(survey_id: int, rating: str) -> str:
    return signing.dumps([survey_id, str(rating)], salt=SALT)


def link_for(survey_id: int, rating: str) -> str:
    """The absolute URL the customer clicks to answer ``rating``."""
    return absolute_url("csat-answer", token_for(survey_id, rating))


def read(token: str) -> tuple[int, str]:
    """(survey id, rating) of a valid, unexpired ``token``; ``LinkInvalid`` / ``LinkExpired``."""
    try:
        survey_id, rating = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired(
            f"This link has expired: links can be used for {ANSWER_DAYS} days after the "
            "ticket was resolved."
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid(
            "This link is not valid. Open it again from the email, without changing it."
        ) from error
    if not isinstance(survey_id, int) or rating not in Rating.values:
        raise LinkInvalid("This link is not valid. Open it again from the email.")
    return survey_id, rating
