"""Rows of the permission matrix for customer satisfaction's URLs (see tests/matrix_extension.py).

The world gets a resolved ticket of the owner with its survey. The link's page is public like
/help/ and /status/: the signed link is the permission, so every role (anonymous too) gets the
page (the first answers, the others read "You already answered"). The portal's answer is the
requester's alone: a manager of their organization and the staff are refused (403), a stranger
does not learn the ticket exists (404).
"""

from django.urls import reverse

from tests.matrix_extension import MatrixExtension

ROWS = {
    "csat-answer": ("get", None, {"*": 200}),
    "csat-portal-answer": ("post", {"rating": "not_good", "comment": "Slow"},
                           {"anonymous": 302, "owner": 302, "stranger": 404, "*": 403}),
}  # fmt: skip


def build(world: dict) -> None:
    from tests.factories import TicketFactory
    from tests.satisfaction.factories import SurveyFactory

    ticket = TicketFactory(requester=world["users"]["owner"], resolved=True)
    world["survey"] = SurveyFactory(ticket=ticket)


def url(name: str, world: dict) -> str | None:
    from satisfaction.services import token_for

    survey = world["survey"]
    if name == "csat-answer":
        return reverse(name, args=[token_for(survey.pk, "good")])
    if name == "csat-portal-answer":
        return reverse(name, args=[survey.ticket_id])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
