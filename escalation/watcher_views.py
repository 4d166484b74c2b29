"""Seed 003-55: add and remove a ticket's watchers, on the desk (plain forms, redirect back to
the ticket) and in the API (the one JSON error shape). Staff only: a customer gets 403."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.errors import DomainError, NotFound, PermissionDenied
from helpdesk.core.gates import agent_required, get_or_404
from tickets import selectors as ticket_selectors

from . import policies, selectors, services


def _ticket(request, number):
    return get_or_404(ticket_selectors.get_ticket, request.user, number)


@agent_required
@require_POST
def add(request, number: int):
    ticket = _ticket(request, number)
    name = request.POST.get("watcher", "")
    try:
        added = services.add_watcher(ticket, actor=request.user, watcher=name)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        who = name.strip().lstrip("@")
        messages.success(
            request, f"{who} now watches this ticket." if added else f"{who} already watches it."
        )
    return redirect("desk-ticket", number=ticket.pk)


@agent_required
@require_POST
def remove(request, number: int):
    ticket = _ticket(request, number)
    name = request.POST.get("watcher", "").strip()
    try:
        removed = services.remove_watcher(ticket, actor=request.user, watcher=name)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{name} no longer watches it." if removed else f"{name} was not watching."
        )
    return redirect("desk-ticket", number=ticket.pk)


class WatcherIn(serializers.Serializer):
    watcher = serializers.CharField(help_text="The username of an agent or lead.")


class WatchersOut(serializers.Serializer):
    ticket = serializers.IntegerField()
    watchers = serializers.ListField(child=serializers.CharField())


def _watchers(request, number):
    ticket = ticket_selectors.get_ticket(request.user, number)
    if not policies.may_escalate(request.user):
        raise PermissionDenied("Watchers are internal: agents only.")
    return ticket


def _out(ticket) -> dict:
    return {"ticket": ticket.pk, "watchers": [u.username for u in selectors.watchers_of(ticket.pk)]}


class WatchersView(APIView):
    @extend_schema(responses=WatchersOut)
    def get(self, request, number):
        return Response(_out(_watchers(request, number)))

    @extend_schema(request=WatcherIn, responses={201: WatchersOut, 200: WatchersOut})
    def post(self, request, number):
        ticket = _watchers(request, number)
        data = WatcherIn(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.add_watcher(
            ticket, actor=request.user, watcher=data.validated_data["watcher"]
        )
        return Response(_out(ticket), status=status.HTTP_201_CREATED if added else 200)


class WatcherView(APIView):
    @extend_schema(responses={200: WatchersOut})
    def delete(self, request, number, username):
        ticket = _watchers(request, number)
        if not services.remove_watcher(ticket, actor=request.user, watcher=username):
            raise NotFound(f"{username} does not watch ticket #{ticket.pk}.")
        return Response(_out(ticket))
