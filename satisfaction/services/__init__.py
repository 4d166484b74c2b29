"""Every write of customer satisfaction (``surveys``), and the signed links (``links``).

- ``open_survey`` (the ticket was resolved; called by ``receivers``)
- ``answer_by_link``, ``comment_by_link``, ``answer_in_portal``
- ``link_for``, ``token_for``, ``read`` (``links``)
"""

from .links import link_for, read, token_for
from .surveys import Outcome, answer_by_link, answer_in_portal, comment_by_link, open_survey

__all__ = [
    "Outcome",
    "answer_by_link",
    "answer_in_portal",
    "comment_by_link",
    "link_for",
    "open_survey",
    "read",
    "token_for",
]
