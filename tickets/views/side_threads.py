"""Side threads on the desk ticket page: start one, write into one (seed 003).

The panel is ``{% side_threads ticket %}`` (``templatetags/side_thread_tags.py``), included by
``desk/_side_threads.html``. Without JavaScript a post redirects back to the ticket (or shows the
whole page again with the form's errors); with htmx only the panel is swapped, so a half-written
reply in the main box is never lost.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.forms import apply_domain_error

from .. import selectors, services
from ..models import Message, SideThread
from ..side_thread_forms import SideThreadStartForm, SideThreadWriteForm, default_cc
from . import desk
from .common import agent_required, get_or_404, refused_status

PANEL_ID = "side-threads"
START_PREFIX = "side"


def write_prefix(thread_pk: int) -> str:
    return f"side-{thread_pk}"


def panel_context(
    ticket,
    *,
    loaded_messages: Iterable[Message] | None = None,
    start_form: SideThreadStartForm | None = None,
    write_form: SideThreadWriteForm | None = None,
    write_thread: int | None = None,
    notice: str = "",
) -> dict:
    """The panel: each thread (oldest first) with its messages and a form to write into it.

    ``loaded_messages`` are the ticket's messages when the page already read them (the desk
    timeline): the panel then costs one query, for the threads."""
    threads = list(SideThread.objects.filter(ticket=ticket).select_related("started_by"))
    if loaded_messages is None:
        loaded_messages = (
            Message.objects.filter(ticket=ticket, side_thread__isnull=False)
            .select_related("author")
            .order_by("created_at", "id")
        )
    by_thread: dict[int, list[Message]] = defaultdict(list)
    for message in loaded_messages:
        if message.side_thread_id:
            by_thread[message.side_thread_id].append(message)
    for thread in threads:
        thread.thread_messages = by_thread.get(thread.pk, [])
        if write_form is not None and write_thread == thread.pk:
            thread.write_form = write_form
        else:
            thread.write_form = SideThreadWriteForm(prefix=write_prefix(thread.pk))
    return {
        "ticket": ticket,
        "side_threads": threads,
        "side_thread_start_form": start_form
        or SideThreadStartForm(prefix=START_PREFIX, initial={"cc": default_cc()}),
        "side_thread_open": start_form is not None,
        "side_thread_notice": notice,
        # Seed 003-60: the partners' contacts to use, offered for the To field (one query).
        "partner_contacts": selectors.preferred_contacts(),
    }


def _answer(request, ticket, *, status: int, notice: str = "", **forms):
    """With htmx: the fresh panel. Without: the ticket page (a redirect after success, the
    page with the form's errors after a refusal)."""
    if request.htmx and request.htmx.target == PANEL_ID:
        context = panel_context(ticket, notice=notice, **forms)
        return render(request, "desk/_side_threads_panel.html", context, status=status)
    if status < 400:
        messages.success(request, notice)
        return redirect(reverse("desk-ticket", args=[ticket.pk]) + f"#{PANEL_ID}")
    return desk._ticket_page(request, ticket, status=status, extra={"side_thread_forms": forms})


@agent_required
@require_POST
def side_thread_start(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = SideThreadStartForm(request.POST, prefix=START_PREFIX)
    status = 400
    if form.is_valid():
        try:
            thread = services.start_side_thread(ticket, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            sent = ", ".join(thread.participants)
            return _answer(request, ticket, status=200, notice=f"Side thread started: {sent}.")
    return _answer(request, ticket, status=status, start_form=form)


@agent_required
@require_POST
def side_thread_write(request, number: int, thread: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    found = get_or_404(_thread_of, ticket, thread)
    form = SideThreadWriteForm(request.POST, prefix=write_prefix(found.pk))
    status = 400
    if form.is_valid():
        try:
            services.write_to_side_thread(found, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            sent = ", ".join(found.participants)
            return _answer(request, ticket, status=200, notice=f"Sent to {sent}.")
    return _answer(request, ticket, status=status, write_form=form, write_thread=found.pk)


def _thread_of(ticket, pk: int) -> SideThread:
    thread = SideThread.objects.filter(ticket=ticket, pk=pk).first()
    if thread is None:
        raise NotFound(f"Side thread {pk} was not found on ticket #{ticket.pk}.")
    return thread
