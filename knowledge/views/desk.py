"""The desk's knowledge base, under ``/desk/kb/``: agents write, leads publish.

Plain forms, redirect after a successful POST; a refused change shows the page again with the
service's sentence (400, 403 or 409). The ticket page's panel searches here (htmx) and links an
article to the ticket as its answer.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core import links
from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import agent_required, get_or_404, refused_status

from .. import policies, selectors, services
from ..forms import ArticleForm, FilterForm, LinkForm, SearchForm
from ..models import Article
from ..states import ArticleState
from .common import next_url

PAGE_SIZE = 50
PANEL_RESULTS = 8


def _article(request, pk) -> Article:
    return get_or_404(selectors.get_article, request.user, pk)


def public_url(article: Article) -> str:
    """Where a reader opens the article: the help centre's page (public), else the desk's."""
    if article.is_public:
        return links.absolute_url("help-article", article.pk, article.slug)
    return links.absolute_url("kb-detail", article.pk)


# --- the list ------------------------------------------------------------------------------


@agent_required
def article_list(request):
    form = FilterForm(request.GET)
    articles = selectors.desk_articles(**form.filters())
    query = form.query()
    context = {"form": form, "query": query, "hits": None, "page": None}
    if query:
        context["hits"] = selectors.search(query, within=articles)
    else:
        context["page"] = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context["params"] = params.urlencode()
    return render(request, "knowledge/desk/list.html", context)


# --- writing -------------------------------------------------------------------------------


def _form_fields(data: dict) -> dict:
    return {**data, "related": list(data.get("related") or [])}


@agent_required
def create(request):
    form = ArticleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                article = services.create_article(
                    actor=request.user, **_form_fields(form.cleaned_data)
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(request, "Draft saved. Submit it for review when it is ready.")
                return redirect("kb-detail", pk=article.pk)
    return render(request, "knowledge/desk/form.html", {"form": form}, status=status)


@agent_required
def edit(request, pk: int):
    article = _article(request, pk)
    refusal = policies.edit_refusal(request.user, article)
    if refusal:
        status = 409 if article.state == ArticleState.ARCHIVED else 403
        context = {"article": article, "refusal": refusal}
        return render(request, "knowledge/desk/form.html", context, status=status)
    form = ArticleForm(
        request.POST or None, article=article, initial=ArticleForm.initial_for(article)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_article(
                    article, actor=request.user, **_form_fields(form.cleaned_data)
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                published = article.state == ArticleState.PUBLISHED
                messages.success(
                    request,
                    "Saved and published as a new version." if published else "Saved.",
                )
                return redirect("kb-detail", pk=article.pk)
    context = {"form": form, "article": article}
    return render(request, "knowledge/desk/form.html", context, status=status)


# --- one article ---------------------------------------------------------------------------


def _detail(request, article: Article, *, error: str = "", status: int = 200):
    answered, recent = selectors.tickets_answered(article)
    context = {
        "article": article,
        "error": error,
        "transitions": selectors.available_transitions(article, request.user),
        "may_edit": policies.may_edit(request.user, article),
        "variants": selectors.variants(request.user, article),
        "related": selectors.related_articles(request.user, article),
        "versions": list(selectors.versions_of(article)[:5]),
        "log": selectors.state_log(article),
        "feedback": selectors.feedback(article),
        "answered": answered,
        "recent_links": recent,
        "public_url": public_url(article) if article.state == ArticleState.PUBLISHED else "",
    }
    return render(request, "knowledge/desk/detail.html", context, status=status)


@agent_required
def detail(request, pk: int):
    return _detail(request, _article(request, pk))


@agent_required
@require_POST
def transition(request, pk: int):
    article = _article(request, pk)
    name = request.POST.get("transition", "")
    try:
        article = services.transition_article(
            article,
            actor=request.user,
            name=name,
            expected_state=request.POST.get("expected_state") or None,
        )
    except DomainError as error:
        return _detail(request, _article(request, pk), error=error.message, status=error.status)
    done = {
        ArticleState.IN_REVIEW: "Submitted for review: a lead publishes it.",
        ArticleState.DRAFT: "Back to draft.",
        ArticleState.PUBLISHED: "Published.",
        ArticleState.ARCHIVED: "Archived: it left the help centre.",
    }
    messages.success(request, done[ArticleState(article.state)])
    return redirect("kb-detail", pk=article.pk)


# --- versions ------------------------------------------------------------------------------


@agent_required
def versions(request, pk: int):
    article = _article(request, pk)
    rows = list(selectors.versions_of(article))
    context = {"article": article, "versions": rows}
    return render(request, "knowledge/desk/versions.html", context)


@agent_required
def diff(request, pk: int):
    """Two texts of the article side by side: ``from`` and ``to`` are version numbers, or
    ``current`` (the text being edited now). Default: the last change published."""
    article = _article(request, pk)
    numbers = list(selectors.versions_of(article).values_list("number", flat=True))
    if not numbers:
        context = {"article": article, "refusal": "Nothing to compare: it was never published."}
        return render(request, "knowledge/desk/diff.html", context, status=404)
    default_to = numbers[0]
    default_from = numbers[1] if len(numbers) > 1 else numbers[0]
    if len(numbers) == 1 and request.GET.get("to") is None:
        default_to = "current"

    def text(choice) -> tuple[str, str, str]:
        if choice == "current":
            return "The text now", article.title, article.body
        version = get_or_404(selectors.get_version, article, choice)
        return f"Version {version.number}", version.title, version.body

    old_label, old_title, old_body = text(request.GET.get("from") or default_from)
    new_label, new_title, new_body = text(request.GET.get("to") or default_to)
    context = {
        "article": article,
        "numbers": numbers,
        "chosen": (
            request.GET.get("from") or str(default_from),
            request.GET.get("to") or str(default_to),
        ),
        "old_label": old_label,
        "new_label": new_label,
        "title_change": selectors.title_change(old_title, new_title),
        "rows": selectors.diff_rows(old_body, new_body),
    }
    return render(request, "knowledge/desk/diff.html", context)


# --- the ticket page's panel ---------------------------------------------------------------


@agent_required
def search(request):
    """The ticket page's search (htmx): published articles, with Insert link and Link as the
    answer. Without htmx, the same results on a page of their own."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    ticket = request.GET.get("ticket", "")
    ticket = int(ticket) if ticket.isdigit() and len(ticket) < 19 else None
    published = selectors.readable_articles(request.user).filter(state=ArticleState.PUBLISHED)
    hits = selectors.search(query, within=published, limit=PANEL_RESULTS) if query else []
    linked = selectors.linked_article_ids(ticket, [h.article.pk for h in hits]) if ticket else set()
    context = {
        "form": form,
        "query": query,
        "ticket": ticket,
        "hits": [(hit, public_url(hit.article), hit.article.pk in linked) for hit in hits],
    }
    template = "knowledge/_panel_results.html" if request.htmx else "knowledge/desk/find.html"
    return render(request, template, context)


def _back_to_ticket(request, ticket) -> str:
    default = reverse("desk-ticket", args=[ticket]) if ticket else reverse("kb-list")
    return next_url(request, default)


@agent_required
@require_POST
def link(request, pk: int):
    form = LinkForm(request.POST)
    ticket = form.cleaned_data["ticket"] if form.is_valid() else None
    back = _back_to_ticket(request, ticket)
    if ticket is None:
        messages.error(request, "Say which ticket the article answers.")
        return redirect(back)
    try:
        made = services.link_article(pk, ticket, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{made.article.title}” answers #{ticket}.")
    return redirect(back)


@agent_required
@require_POST
def unlink(request, pk: int, ticket: int):
    back = _back_to_ticket(request, ticket)
    try:
        services.unlink_article(pk, ticket, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The article no longer answers #{ticket}.")
    return redirect(back)
