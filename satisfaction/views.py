"""The pages of customer satisfaction.

- ``answer``: the page a link of the email opens, without sign-in (the signed link is the
  permission). A GET records the answer (one click); the page shows only the ticket's number
  and subject, a thank-you, and the one-time comment form (POST to the same link, CSRF).
- ``portal_answer``: the question on the customer's ticket page (POST), then back to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from helpdesk.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tickets.selectors import get_ticket

from . import selectors, services
from .errors import AlreadyCommented, LinkExpired, LinkInvalid
from .forms import CommentForm, PortalAnswerForm
from .states import Rating


def _private(response):
    """A link's page is nobody else's: not cached, not indexed, its address not sent to
    other sites as a referrer."""
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the
    # comment form and CSRF refuses it (the browser test found it).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _link_problem(request, error: DomainError, status: int):
    return _private(
        render(request, "satisfaction/link_problem.html", {"message": error.message}, status=status)
    )


# No HEAD: link checkers send one before (or instead of) opening a link; it must not answer.
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    form = CommentForm(request.POST or None)
    first = False
    comment_error = ""
    try:
        if request.method == "POST":
            survey_id, rating = services.read(token)
            if form.is_valid():
                try:
                    services.comment_by_link(token, form.cleaned_data["comment"])
                    messages.success(request, "Thank you: your comment was sent to the team.")
                    return redirect("csat-answer", token)
                except (AlreadyCommented, ValidationFailed) as error:
                    comment_error = error.message
        else:
            outcome = services.answer_by_link(token)
            survey_id, rating, first = outcome.survey.pk, outcome.survey.rating, outcome.first
    except (LinkInvalid, LinkExpired) as error:
        return _link_problem(request, error, 400)
    except NotFound as error:
        return _link_problem(request, error, 404)
    survey = selectors.survey_with_ticket(survey_id)
    if survey is None:
        return _link_problem(request, NotFound("This question no longer exists."), 404)
    context = {
        "survey": survey,
        "ticket": survey.ticket,
        "first": first,
        "link_rating": Rating(rating).label,
        "form": form,
        "comment_error": comment_error,
        "token": token,
    }
    status = 400 if request.method == "POST" and (comment_error or form.errors) else 200
    return _private(render(request, "satisfaction/answer.html", context, status=status))


@login_required
@require_POST
def portal_answer(request, number: int):
    try:
        ticket = get_ticket(request.user, number)
    except NotFound:
        raise Http404("No such ticket.") from None
    form = PortalAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Good or Not good.")
        return redirect("portal-ticket", ticket.pk)
    try:
        services.answer_in_portal(
            ticket,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except NotFound:
        raise Http404("No such ticket.") from None
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal-ticket", ticket.pk)
    messages.success(request, "Thank you for your answer.")
    return redirect("portal-ticket", ticket.pk)
