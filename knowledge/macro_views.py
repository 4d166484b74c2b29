"""Macros on the desk, under ``/desk/macros/``: the list (leads: every macro with its uses,
last use and staleness), write and edit, and the two reads the reply box's script calls: the
picker (an htmx partial of the macros this agent may use on this ticket) and the text of one
macro filled in for the ticket (JSON), inserted for editing, never sent by itself."""

from django.contrib import messages
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpdesk.core.errors import DomainError, NotFound, ValidationFailed
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import get_or_404, refused_status, require
from tickets import selectors as tickets
from tickets.states import Language

from . import policies_macros, selectors_macros
from .macro_forms import MacroForm, initial_of
from .macro_models import MacroScope
from .services import macros as services

macros_required = require(policies_macros.may_use_macros, "Macros are for agents.")


def _ticket(request, number):
    return get_or_404(tickets.get_ticket, request.user, number)


@macros_required
@require_GET
def macro_list(request):
    now = timezone.now()
    stale_only = request.GET.get("stale") == "1"
    rows = [
        {
            "macro": macro,
            "stale": selectors_macros.is_stale(macro, now),
            "actions": selectors_macros.action_labels(macro),
            "may_edit": policies_macros.may_edit(request.user, macro),
        }
        for macro in selectors_macros.macro_list(request.user, stale_only=stale_only, now=now)
    ]
    count = len(rows)
    if stale_only:
        summary = ngettext(
            "%(n)d macro unused for 90 days.", "%(n)d macros unused for 90 days.", count
        )
    else:
        summary = ngettext("%(n)d macro.", "%(n)d macros.", count)
    context = {
        "rows": rows,
        "stale_only": stale_only,
        "summary": summary % {"n": count},
        "sees_all": policies_macros.may_see_all_macros(request.user),
    }
    return render(request, "knowledge/macros/list.html", context)


def _form_page(request, form, *, macro=None, status=200):
    context = {"form": form, "macro": macro}
    return render(request, "knowledge/macros/form.html", context, status=status)


@macros_required
def macro_create(request):
    initial = {"scope": MacroScope.PERSON, "language": Language.ENGLISH}
    form = MacroForm(request.POST or None, user=request.user, initial=initial)
    if request.method != "POST":
        return _form_page(request, form)
    status = 400
    if form.is_valid():
        try:
            macro = services.create_macro(actor=request.user, **form.values())
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(request, f"Macro /{macro.shortcut} saved.")
            return redirect("macro-list")
    return _form_page(request, form, status=status)


@macros_required
def macro_edit(request, pk: int):
    macro = get_or_404(selectors_macros.get_macro, pk)
    if not policies_macros.may_edit(request.user, macro):
        return HttpResponseForbidden(policies_macros.edit_refusal(macro))
    form = MacroForm(request.POST or None, user=request.user, initial=initial_of(macro))
    if request.method != "POST":
        return _form_page(request, form, macro=macro)
    status = 400
    if form.is_valid():
        try:
            macro = services.update_macro(macro, actor=request.user, **form.values())
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(request, f"Macro /{macro.shortcut} saved.")
            return redirect("macro-list")
    return _form_page(request, form, macro=macro, status=status)


@macros_required
@require_POST
def macro_delete(request, pk: int):
    macro = get_or_404(selectors_macros.get_macro, pk)
    try:
        services.delete_macro(macro, actor=request.user)
    except DomainError as error:
        return HttpResponseForbidden(error.message)
    messages.success(request, f"Macro /{macro.shortcut} deleted.")
    return redirect("macro-list")


# --- the reply box -----------------------------------------------------------------------------


@macros_required
@require_GET
def macro_picker(request, number: int):
    """The reply box's searchable list (htmx partial): the variants for the ticket's language
    of the macros this agent may use on it, matching ``q``."""
    ticket = _ticket(request, number)
    query = request.GET.get("q", "")
    context = {
        "ticket": ticket,
        "query": query,
        "choices": [
            {"macro": macro, "actions": selectors_macros.action_labels(macro)}
            for macro in selectors_macros.picker_macros(request.user, ticket, query)
        ],
    }
    return render(request, "knowledge/macros/_picker_results.html", context)


def _error(error: DomainError) -> JsonResponse:
    return JsonResponse(error.as_dict(), status=error.status)


@macros_required
@require_GET
def macro_render(request, number: int):
    """The text of a macro filled in for the ticket, as JSON: ``?macro=<id>`` (the picker) or
    ``?shortcut=fr1`` (typed in the reply box). 404 when this agent has no such macro here."""
    try:
        ticket = tickets.get_ticket(request.user, number)
        if request.GET.get("shortcut"):
            macro = selectors_macros.macro_for_shortcut(
                request.user, ticket, request.GET["shortcut"]
            )
        elif request.GET.get("macro"):
            macro = selectors_macros.usable_macro(request.user, ticket, request.GET["macro"])
        else:
            raise ValidationFailed(
                "Name a macro (macro=<id>) or a shortcut (shortcut=fr1).",
                fields={"macro": ["Give a macro's id or a shortcut."]},
            )
    except (NotFound, ValidationFailed) as error:
        return _error(error)
    rendered = selectors_macros.render_for(macro, ticket, request.user)
    return JsonResponse(
        {
            "macro": macro.pk,
            "shortcut": macro.shortcut,
            "name": macro.name,
            "language": macro.language,
            "text": rendered.text,
            "actions": rendered.actions,
        }
    )
