"""The task timer: UAT without an answer for ``TASK_UAT_AUTO_DONE_DAYS`` → Done (seeds 000, 001).

``uat_done_at`` is stored when the task enters UAT; ``engineering.tasks.sweep_uat_auto_done`` runs
this every minute (django-celery-beat, scheduled by a data migration).
"""

from helpdesk.core.sweeps import Sweep

from . import services as task_services
from .models import Task
from .states import Stage


class UatAutoDone(Sweep):
    name = "engineering.uat_auto_done"
    model = Task
    due_field = "uat_done_at"
    state_field = "stage"
    states = (Stage.UAT,)

    select_related = ("ticket__requester",)  # the note and the email go to the parent ticket

    def apply(self, task, now):
        task_services.auto_done(task, at=now)
