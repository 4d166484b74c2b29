"""Forms of the agent desk, by page: parse and show errors next to fields. Rules stay in the
services.

- ``queue``: the queue's filters and order, saving and renaming views
- ``ticket``: reply, transition (Close asks for a reason, Resolve for the findings), assign, tags
- ``findings``: the findings panel's Edit and "Record a temporary workaround"
- ``bulk``: the queue's bulk actions
- ``filing``: filing for a customer who phoned (customer search, new contact)
"""

from .bulk import BulkActionForm, TicketNumbersField
from .filing import CustomerChoiceField, CustomerSearchForm, FileForCustomerForm, NewContactForm
from .findings import FindingsForm
from .queue import ACTIVE, ANY_STATUS, QueueFilterForm, RenameViewForm, SaveViewForm, SortField
from .ticket import AssignForm, DeskReplyForm, DeskTransitionForm, TagsForm, closing_errors

__all__ = [
    "ACTIVE",
    "ANY_STATUS",
    "AssignForm",
    "BulkActionForm",
    "CustomerChoiceField",
    "CustomerSearchForm",
    "DeskReplyForm",
    "DeskTransitionForm",
    "FileForCustomerForm",
    "FindingsForm",
    "NewContactForm",
    "QueueFilterForm",
    "RenameViewForm",
    "SaveViewForm",
    "SortField",
    "TagsForm",
    "TicketNumbersField",
    "closing_errors",
]
