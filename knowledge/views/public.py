"""The public help centre, under ``/help/``: no sign-in, public published articles only.

A draft, an archived or an internal article is a 404 here for everyone (an agent who follows
such a link is sent to the desk's page of it). "Did this answer your question?" and "This solved
it" are plain POST forms (CSRF), counted once per visitor; htmx swaps the answer in place.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from helpdesk.core.errors import DomainError, NotFound

from .. import policies, selectors, services
from ..forms import SearchForm
from ..models import Article
from .common import visitor_of

SUGGESTIONS = 5
ASKED_MAX = 200


def _published(pk) -> Article:
    """A help-centre article, or 404."""
    try:
        return selectors.get_article(None, pk)
    except NotFound:
        raise Http404("No such article.") from None


def _article_url(article: Article, **query) -> str:
    url = reverse("help-article", args=[article.pk, article.slug])
    return f"{url}?{urlencode(query)}" if query else url


def _asked(value) -> str:
    return " ".join(str(value or "").split())[:ASKED_MAX]


@require_safe
def home(request):
    context = {"form": SearchForm(), "shelves": selectors.help_categories()}
    return render(request, "knowledge/help/home.html", context)


@require_safe
def category(request, slug: str):
    try:
        shelf = selectors.get_category(slug)
    except NotFound:
        raise Http404("No such category.") from None
    articles = list(selectors.category_articles(shelf))
    return render(
        request,
        "knowledge/help/category.html",
        {"category": shelf, "articles": articles, "form": SearchForm()},
    )


def _feedback_context(request, article: Article) -> dict:
    counts = selectors.feedback(article)
    return {
        "article": article,
        "helpful": counts["helpful"],
        "votes": counts["helpful"] + counts["unhelpful"],
        "my_vote": selectors.visitor_vote(article, visitor_of(request)),
    }


@require_safe
def article(request, pk: int, slug: str):
    try:
        found = selectors.get_article(None, pk)
    except NotFound:
        if policies.may_use_desk(request.user) and Article.objects.filter(pk=pk).exists():
            return redirect("kb-detail", pk=pk)
        raise Http404("No such article.") from None
    asked = _asked(request.GET.get("asked"))
    if slug != found.slug:
        return redirect(_article_url(found, **({"asked": asked} if asked else {})), permanent=True)
    context = {
        **_feedback_context(request, found),
        "related": selectors.related_articles(None, found),
        "variants": selectors.variants(None, found),
        "asked": asked,
        "form": SearchForm(),
    }
    return render(request, "knowledge/help/article.html", context)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    hits = selectors.search(query, within=selectors.help_centre_articles()) if query else []
    return render(
        request, "knowledge/help/search.html", {"form": form, "query": query, "hits": hits}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    """Articles that may answer the subject a customer is typing on the new-ticket form.

    htmx asks with GET while they type and gets the list; without JavaScript, the form's "Find
    answers" button posts the form here and gets a page of them. A GET without htmx is the
    help centre's search."""
    source = request.POST if request.method == "POST" else request.GET
    asked = _asked(source.get("q") or source.get("subject"))
    if request.method != "POST" and not request.htmx:
        return redirect(f"{reverse('help-search')}?{urlencode({'q': asked})}")
    hits = selectors.search(
        asked, within=selectors.help_centre_articles(), any_word=True, limit=SUGGESTIONS
    )
    suggestions = [(hit, _article_url(hit.article, asked=asked)) for hit in hits]
    context = {"asked": asked, "suggestions": suggestions}
    if request.method == "POST":
        return render(request, "knowledge/help/suggest.html", context)
    return render(request, "knowledge/_suggestions.html", context)


@require_POST
def vote(request, pk: int):
    found = _published(pk)
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        messages.error(request, "Answer Yes or No.")
        return redirect(_article_url(found) + "#feedback")
    try:
        services.vote(found, visitor=visitor_of(request, create=True), helpful=answer == "yes")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_article_url(found) + "#feedback")
    if request.htmx:
        return render(request, "knowledge/help/_feedback.html", _feedback_context(request, found))
    messages.success(request, "Thanks for your answer: it helps us improve this article.")
    return redirect(_article_url(found) + "#feedback")


@require_POST
def solved(request, pk: int):
    """ "This solved it": the customer found the answer instead of filing a ticket."""
    found = _published(pk)
    try:
        services.record_deflection(
            found,
            visitor=visitor_of(request, create=True),
            subject=_asked(request.POST.get("asked")),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Glad it is solved. We did not open a ticket; if you need us later, the new-ticket "
            "form is always there.",
        )
    return redirect(_article_url(found))
