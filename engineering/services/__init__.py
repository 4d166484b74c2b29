"""Every write on engineering tasks (PRODUCT.md "Engineering / professional-services task
stages", seeds 000 and 001).

Each service is one transaction: it locks the task row, checks permission through
``engineering.policies``, applies the change or the transition, writes the task's transition log
and a note on the parent ticket's timeline, and any outbox row. The desk, the portal, the API,
admin actions and the UAT sweep all call these functions.

Timeline notes on the parent ticket: a staff action is an internal note by that person; the
system's (the UAT timer) a system note; the customer's UAT answer or estimate approval is a
customer reply, so staff see it in the thread and the customer sees their own answer.
"""

from ..errors import TransitionNotAllowed
from ._common import NO_TIME_WARNING, TaskOutcome
from .editing import EDITABLE, approve_estimate, assign_task, create_task, update_task
from .lead_times import lead_time_step
from .release import check_item
from .stages import answer_uat, auto_done, manual_transition_names, transition_task
from .templates import (
    create_task_from_template,
    duplicate_task,
    template_defaults,
)

__all__ = [
    "EDITABLE",
    "NO_TIME_WARNING",
    "TaskOutcome",
    "TransitionNotAllowed",
    "answer_uat",
    "approve_estimate",
    "assign_task",
    "auto_done",
    "check_item",
    "create_task",
    "create_task_from_template",
    "duplicate_task",
    "lead_time_step",
    "manual_transition_names",
    "template_defaults",
    "transition_task",
    "update_task",
]
