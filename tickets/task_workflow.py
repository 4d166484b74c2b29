"""The engineering task stage machine (PRODUCT.md, seeds 000 and 001): guards and state-entry
fields, no I/O. Mixed into ``Task``; the field is ``stage``."""


class TaskWorkflow:
    """Mixed into ``Task``; the field is ``stage``. Transitions are added here."""
