from django.urls import path

from . import views as tasks

urlpatterns = [
    path("", tasks.board, name="desk-tasks"),
    path("new/", tasks.task_new, name="desk-task-new"),
    path("<int:task_id>/", tasks.task_detail, name="desk-task"),
    path("<int:task_id>/transition/", tasks.task_transition, name="desk-task-transition"),
    path("<int:task_id>/check/", tasks.task_check, name="desk-task-check"),
    path(
        "<int:task_id>/approve-estimate/",
        tasks.task_approve_estimate,
        name="desk-task-approve-estimate",
    ),
    path("<int:task_id>/duplicate/", tasks.task_duplicate, name="desk-task-duplicate"),
]
