from django.urls import path

from . import views as task_views

urlpatterns = [
    path("tasks/", task_views.TaskListView.as_view(), name="api-task-list"),
    path(
        "tasks/templates/",
        task_views.TaskTemplateListView.as_view(),
        name="api-task-templates",
    ),
    path("tasks/<int:task_id>/", task_views.TaskDetailView.as_view(), name="api-task-detail"),
    path(
        "tasks/<int:task_id>/transitions/",
        task_views.TaskTransitionsView.as_view(),
        name="api-task-transitions",
    ),
    path(
        "tasks/<int:task_id>/approve-estimate/",
        task_views.TaskEstimateApprovalView.as_view(),
        name="api-task-approve-estimate",
    ),
    path(
        "tasks/<int:task_id>/duplicate/",
        task_views.TaskDuplicateView.as_view(),
        name="api-task-duplicate",
    ),
]
