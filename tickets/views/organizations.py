"""The desk's organization pages: the list, one organization's profile (edit form, documents,
Deep Dive, history, recent tickets), the Deep Dive editor, its versions' differences, and the
documents' permission-checked download. Agents only; every write is a service call."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error

from .. import services
from ..desk_forms.organization import DeepDiveForm, DocumentForm, OrganizationProfileForm
from ..models import Ticket
from ..selectors import organizations as selectors
from .attachments import protected_file
from .common import agent_required, get_or_404, refused_status

PAGE_SIZE = 50


@agent_required
def organization_list(request):
    search = request.GET.get("q", "")[:200]
    organizations = selectors.organizations_for_desk(request.user, search)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "desk/organizations.html", {"page": page, "search": search})


def _page(request, slug, *, form=None, document_form=None, status=200):
    page = get_or_404(selectors.organization_page, request.user, slug)
    context = {
        "page": page,
        "organization": page.organization,
        "profile": page.profile,
        "form": form or OrganizationProfileForm.of(page.profile),
        "document_form": document_form or DocumentForm(),
    }
    return render(request, "desk/organization_detail.html", context, status=status)


@agent_required
def organization_detail(request, slug: str):
    if request.method != "POST":
        return _page(request, slug)
    organization = get_or_404(selectors.organization_by_slug, request.user, slug)
    form = OrganizationProfileForm(request.POST)
    if form.is_valid():
        try:
            change = services.edit_profile(
                organization, actor=request.user, values=dict(form.cleaned_data)
            )
        except DomainError as error:
            apply_domain_error(form, error)
            return _page(request, slug, form=form, status=refused_status(error))
        messages.success(request, "Profile saved." if change else "Nothing was changed.")
        return redirect("desk-organization", slug=slug)
    return _page(request, slug, form=form, status=400)


@agent_required
@require_POST
def organization_document_add(request, slug: str):
    organization = get_or_404(selectors.organization_by_slug, request.user, slug)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.add_document(
                organization, actor=request.user, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            apply_domain_error(form, error, aliases={"attachments": "file"})
            return _page(request, slug, document_form=form, status=refused_status(error))
        messages.success(request, f"{document.filename} added.")
        return redirect(reverse("desk-organization", args=[slug]) + "#documents")
    return _page(request, slug, document_form=form, status=400)


@agent_required
def organization_document(request, slug: str, pk: int, filename: str):
    document = get_or_404(selectors.document_for_download, request.user, slug, pk)
    return protected_file(document)


def _learned_from(request, organization) -> Ticket | None:
    """The resolved ticket the editor was opened from (``?ticket=``), if it is the
    organization's."""
    raw = request.POST.get("ticket") or request.GET.get("ticket") or ""
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        return None
    return Ticket.objects.filter(pk=int(raw), organization=organization).first()


@agent_required
def deep_dive_edit(request, slug: str):
    organization = get_or_404(selectors.organization_by_slug, request.user, slug)
    current = selectors.current_deep_dive(request.user, organization)
    ticket = _learned_from(request, organization)
    status = 200
    if request.method == "POST":
        form = DeepDiveForm(request.POST)
        if form.is_valid():
            try:
                version = services.save_deep_dive(
                    organization,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    ticket=ticket,
                    based_on=form.cleaned_data["based_on"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(
                    request,
                    f"Deep Dive saved as version {version.number}."
                    if version
                    else "The Deep Dive is unchanged.",
                )
                return redirect(reverse("desk-organization", args=[slug]) + "#deep-dive")
        else:
            status = 400
    else:
        form = DeepDiveForm(
            initial={
                "body": current.body if current else "",
                "based_on": current.number if current else 0,
                "ticket": ticket.pk if ticket else None,
            }
        )
    return render(
        request,
        "desk/organization_deep_dive.html",
        {"organization": organization, "current": current, "form": form, "ticket": ticket},
        status=status,
    )


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 10 else default


@agent_required
def deep_dive_diff(request, slug: str):
    organization = get_or_404(selectors.organization_by_slug, request.user, slug)
    current = selectors.current_deep_dive(request.user, organization)
    if current is None:
        raise Http404("This organization has no Deep Dive yet.")
    new = _number(request.GET.get("to"), current.number)
    old = _number(request.GET.get("from"), max(new - 1, 1))
    old_version, new_version, rows = get_or_404(
        selectors.deep_dive_diff, request.user, organization, old, new
    )
    return render(
        request,
        "desk/organization_diff.html",
        {
            "organization": organization,
            "old": old_version,
            "new": new_version,
            "rows": rows,
            "numbers": range(current.number, 0, -1),
        },
    )


@agent_required
def deep_dive_version(request, slug: str, number: int):
    organization = get_or_404(selectors.organization_by_slug, request.user, slug)
    version = get_or_404(selectors.deep_dive_version, request.user, organization, number)
    return render(
        request,
        "desk/organization_deep_dive_version.html",
        {"organization": organization, "version": version},
    )
