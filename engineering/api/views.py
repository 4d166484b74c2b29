"""The tasks API: parse, call a selector or service, render."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.core.errors import PermissionDenied
from tickets import selectors

from .. import policies as task_policies
from .. import selectors as task_selectors
from .. import services as task_services
from ..states import Stage
from . import serializers as s


def _staff_only(request) -> None:
    if not task_policies.can_work_tasks(request.user):
        raise PermissionDenied("Tasks are for agents; customers answer UAT on the portal.")


def _detail(task, request, code=status.HTTP_200_OK, warnings=()) -> Response:
    context = {
        "available_transitions": task_selectors.available_task_transitions(task, request.user),
        "warnings": list(warnings),
    }
    return Response(s.TaskDetailOut(task, context=context).data, status=code)


class TaskListView(generics.ListAPIView):
    """Tasks, 50 a page: oldest first, or the Development queue's order with ?stage=development."""

    serializer_class = s.TaskOut

    @extend_schema(
        parameters=[
            OpenApiParameter("stage", str),
            OpenApiParameter("ticket", int),
            OpenApiParameter("assignee", str),
            OpenApiParameter("tag", str),
            OpenApiParameter("kanban_state", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        _staff_only(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        data = s.TaskFilterIn(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        filters = data.validated_data
        user = self.request.user
        qs = task_selectors.filter_tasks(
            task_selectors.task_list(user),
            user,
            assignee=filters.get("assignee", ""),
            tag=filters.get("tag", ""),
        )
        if "ticket" in filters:
            qs = qs.filter(ticket_id=filters["ticket"])
        if "kanban_state" in filters:
            qs = qs.filter(kanban_state=filters["kanban_state"])
        if "stage" in filters:
            qs = qs.filter(stage=filters["stage"])
            if filters["stage"] == Stage.DEVELOPMENT:
                return task_selectors.queue_order(qs)
        return qs.order_by("created_at", "id")

    @extend_schema(request=s.TaskIn, responses={201: s.TaskDetailOut})
    def post(self, request):
        _staff_only(request)
        data = s.TaskIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        ticket = selectors.get_ticket(request.user, fields.pop("ticket"))
        template_id = fields.pop("template")
        if template_id is None:
            task = task_services.create_task(ticket, actor=request.user, **fields)
        else:
            template = task_selectors.get_template(template_id)
            if "tags" not in request.data:
                fields.pop("tags", None)
            task = task_services.create_task_from_template(
                ticket, template, actor=request.user, **fields
            )
        task = task_selectors.get_task(request.user, task.pk)
        return _detail(task, request, status.HTTP_201_CREATED)


class TaskDetailView(APIView):
    @extend_schema(responses=s.TaskDetailOut)
    def get(self, request, task_id):
        _staff_only(request)
        return _detail(task_selectors.get_task(request.user, task_id), request)

    @extend_schema(
        request=s.TaskEditIn,
        responses={200: s.TaskDetailOut},
        description=(
            "Change the fields given (never the stage). 403 when an agent who is not a lead "
            "sets an unreviewed task Ready; a new lead_time_due re-arms the blue card."
        ),
    )
    def patch(self, request, task_id):
        _staff_only(request)
        task = task_selectors.get_task(request.user, task_id)
        data = s.TaskEditIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        task_services.update_task(task, actor=request.user, **data.validated_data)
        return _detail(task_selectors.get_task(request.user, task_id), request)


class TaskDuplicateView(APIView):
    @extend_schema(
        request=None,
        responses={201: s.TaskDetailOut},
        description="A copy of the task on its ticket: Requirements, Unapproved, fresh lead time.",
    )
    def post(self, request, task_id):
        _staff_only(request)
        task = task_selectors.get_task(request.user, task_id)
        copy = task_services.duplicate_task(task, actor=request.user)
        return _detail(task_selectors.get_task(request.user, copy.pk), request, 201)


class TaskTemplateListView(generics.ListAPIView):
    """The active task templates (seed 000), by name; pass one's id as ``template`` on create."""

    serializer_class = s.TaskTemplateOut
    pagination_class = None

    def get(self, request, *args, **kwargs):
        _staff_only(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return task_selectors.active_templates()


class TaskTransitionsView(APIView):
    @extend_schema(
        request=s.TaskTransitionIn,
        responses={200: s.TaskDetailOut},
        description=(
            "409 with the guard's message and `allowed_transitions` when the move is refused. "
            "A move out of Development with no time logged succeeds with `warnings`."
        ),
    )
    def post(self, request, task_id):
        _staff_only(request)
        task = task_selectors.get_task(request.user, task_id)
        data = s.TaskTransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = task_services.transition_task(
            task,
            actor=request.user,
            name=data.validated_data["transition"],
            comment=data.validated_data["comment"],
            canceled_by=data.validated_data["canceled_by"],
            expected_stage=data.validated_data.get("expected_stage"),
        )
        task = task_selectors.get_task(request.user, task_id)
        return _detail(task, request, warnings=outcome.warnings)


class TaskEstimateApprovalView(APIView):
    @extend_schema(
        request=None,
        responses={200: s.TaskDetailOut},
        description=(
            "Record that the customer approved the task's time estimate (an agent relaying it). "
            "400 without an estimate, 409 outside Requirements; approving twice changes nothing."
        ),
    )
    def post(self, request, task_id):
        _staff_only(request)
        task = task_selectors.get_task(request.user, task_id)
        task_services.approve_estimate(task, actor=request.user)
        return _detail(task_selectors.get_task(request.user, task_id), request)
