from django.urls import path

from . import views as tasks

urlpatterns = [
    path("<int:task_id>/uat/", tasks.portal_uat_answer, name="portal-task-uat"),
    path(
        "<int:task_id>/approve-estimate/",
        tasks.portal_approve_estimate,
        name="portal-task-approve-estimate",
    ),
]
