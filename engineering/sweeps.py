"""The task timers: UAT without an answer for ``TASK_UAT_AUTO_DONE_DAYS`` → Done (seeds 000,
001), and the lead times (``LeadTimes``, seed 000).

``uat_done_at`` is stored when the task enters UAT; ``engineering.tasks.sweep_uat_auto_done`` runs
this every minute (django-celery-beat, scheduled by a data migration).
"""

from helpdesk.core.sweeps import Sweep

from . import services as task_services
from .models import Task
from .services import lead_times
from .services.lead_times import LEAD_TIME_STAGES
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


class LeadTimes(Sweep):
    """Lead times (seed 000): blue when near, assigned by workload when reached unpicked
    (``engineering.services.lead_times``); ``lead_time_check_at`` is the next step's instant."""

    name = "engineering.lead_times"
    model = Task
    due_field = "lead_time_check_at"
    state_field = "stage"
    states = LEAD_TIME_STAGES

    select_related = ("ticket",)
    prefetch_related = ("tags",)

    def apply(self, task, now):
        lead_times.lead_time_step(task, now=now)
