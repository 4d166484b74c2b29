"""The time-entries API: parse, call a selector or service, render. Errors use the one JSON
shape (``helpdesk.core.api.exception_handler``): 400 invalid, 403 forbidden (customers; another
agent's entry), 404 not found.

``GET, POST /api/time-entries/`` and ``GET, PATCH, DELETE /api/time-entries/<id>/``.
"""

import django_filters
from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from engineering.models import Task
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from tickets import selectors as ticket_selectors

from . import policies, selectors, services
from .models import TimeEntry
from .states import Activity

# --- input ------------------------------------------------------------------------------------


class TimeEntryIn(serializers.Serializer):
    ticket = serializers.IntegerField(
        required=False, allow_null=True, help_text="Ticket number; empty only for self-learning."
    )
    task = serializers.IntegerField(
        required=False, allow_null=True, help_text="Task id; its ticket is implied."
    )
    agent = serializers.CharField(
        required=False, help_text="Username; leads may log for another agent. Default: you."
    )
    date = serializers.DateField(required=False, help_text="Default: today. Not in the future.")
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    activity = serializers.ChoiceField(choices=Activity.choices)
    billable = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: billable, except self-learning which never is.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TimeEntryPatch(serializers.Serializer):
    date = serializers.DateField(required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    activity = serializers.ChoiceField(choices=Activity.choices, required=False)
    billable = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


# --- output -----------------------------------------------------------------------------------


class TimeEntryOut(serializers.ModelSerializer):
    agent = serializers.CharField(source="agent.username")
    ticket = serializers.IntegerField(source="ticket_id", allow_null=True)
    task = serializers.IntegerField(source="task_id", allow_null=True)
    support_pack = serializers.CharField(
        source="support_pack.reference", allow_null=True, default=None
    )
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "agent",
            "ticket",
            "task",
            "date",
            "minutes",
            "activity",
            "billable",
            "note",
            "support_pack",
            "created_at",
            "updated_at",
            "can_edit",
        ]

    def get_can_edit(self, entry) -> bool:
        return policies.can_edit_entry(self.context["request"].user, entry)


# A number no row can have is a 400, not a database overflow.
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}


class TimeEntryFilter(django_filters.FilterSet):
    ticket = django_filters.NumberFilter(field_name="ticket_id", **ID_RANGE)
    task = django_filters.NumberFilter(field_name="task_id", **ID_RANGE)
    agent = django_filters.CharFilter(field_name="agent__username")
    activity = django_filters.ChoiceFilter(choices=Activity.choices)
    billable = django_filters.BooleanFilter()
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = TimeEntry
        fields = ["ticket", "task", "agent", "activity", "billable", "date_from", "date_to"]


def _require_viewer(user) -> None:
    if not policies.can_view_entries(user):
        raise PermissionDenied("Time entries are internal: agents only.")


def _agent(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationFailed(
            f"No user {username!r}.", fields={"agent": ["Give an agent's username."]}
        )
    return user


class TimeEntryListView(generics.ListAPIView):
    """Time entries, newest first, 50 a page; filter by ticket, task, agent, activity, dates."""

    serializer_class = TimeEntryOut
    filterset_class = TimeEntryFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return TimeEntry.objects.none()
        _require_viewer(self.request.user)
        return selectors.entries_visible_to(self.request.user).order_by("-date", "-id")

    @extend_schema(request=TimeEntryIn, responses={201: TimeEntryOut})
    def post(self, request):
        _require_viewer(request.user)
        data = TimeEntryIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        ticket = task = None
        if fields.get("task"):
            task = Task.objects.select_related("ticket").filter(pk=fields["task"]).first()
            if task is None:
                raise ValidationFailed(
                    f"Task {fields['task']} was not found.", fields={"task": ["No such task."]}
                )
        if fields.get("ticket"):
            try:
                ticket = ticket_selectors.get_ticket(request.user, fields["ticket"])
            except NotFound:
                raise ValidationFailed(
                    f"Ticket {fields['ticket']} was not found.",
                    fields={"ticket": ["No such ticket."]},
                ) from None
        entry = services.log_time(
            actor=request.user,
            agent=_agent(fields.get("agent")),
            ticket=ticket,
            task=task,
            date=fields.get("date"),
            minutes=fields["minutes"],
            activity=fields["activity"],
            billable=fields["billable"],
            note=fields["note"],
        )
        entry = selectors.entries_visible_to(request.user).get(pk=entry.pk)
        out = TimeEntryOut(entry, context={"request": request})
        return Response(out.data, status=status.HTTP_201_CREATED)


class TimeEntryDetailView(APIView):
    def _entry(self, request, pk) -> TimeEntry:
        _require_viewer(request.user)
        entry = selectors.entries_visible_to(request.user).filter(pk=pk).first()
        if entry is None:
            raise NotFound(f"Time entry {pk} was not found.")
        return entry

    @extend_schema(responses=TimeEntryOut)
    def get(self, request, pk):
        entry = self._entry(request, pk)
        return Response(TimeEntryOut(entry, context={"request": request}).data)

    @extend_schema(request=TimeEntryPatch, responses=TimeEntryOut)
    def patch(self, request, pk):
        entry = self._entry(request, pk)
        data = TimeEntryPatch(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.update_entry(entry, actor=request.user, **data.validated_data)
        entry = self._entry(request, pk)
        return Response(TimeEntryOut(entry, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        entry = self._entry(request, pk)
        services.delete_entry(entry, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
