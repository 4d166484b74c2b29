"""Doc requests from what happens to tickets (``tickets.signals``, sent inside the tickets
services' transactions, so a request commits or rolls back with the change):

- an escalation's "Proposed User Doc" / "Proposed Internal Doc" tag opens a request of that kind
  for the ticket, or finds the live one it is in; removing the tag changes nothing;
- the findings recorded at resolution (``findings_recorded``: ``findings.doc_change`` "user" or
  "internal", ``findings.doc_note``) open one the same way, with the note;
- a resolved ticket (by an agent or the auto-resolve timer) counts towards three duplicates.
"""

from django.dispatch import receiver

from escalation.states import PROPOSED_INTERNAL_DOC, PROPOSED_USER_DOC
from tickets.models import Ticket
from tickets.signals import findings_recorded, tags_changed, ticket_changed

from .services import doc_duplicates, doc_requests
from .states import DocKind, DocSource

KIND_OF_TAG = {
    PROPOSED_USER_DOC.lower(): DocKind.USER,
    PROPOSED_INTERNAL_DOC.lower(): DocKind.INTERNAL,
}
RESOLVING = frozenset({"resolve", "auto_resolve"})


@receiver(tags_changed, sender=Ticket, dispatch_uid="knowledge.doc_request_tags")
def _tags_changed(sender, ticket, added, removed, at, **kwargs) -> None:
    for name in added:
        kind = KIND_OF_TAG.get(name.lower())
        if kind is not None:
            doc_requests.request_from_ticket(
                ticket, kind=kind, source=DocSource.ESCALATION_TAG, why=f"Tagged “{name}”", at=at
            )


@receiver(findings_recorded, dispatch_uid="knowledge.doc_request_findings")
def _findings_recorded(sender, ticket, findings, at, actor=None, **kwargs) -> None:
    kind = getattr(findings, "doc_change", "none")
    if kind not in DocKind.values:
        return
    who = f" by {actor.get_username()}" if actor is not None else ""
    doc_requests.request_from_ticket(
        ticket,
        kind=kind,
        source=DocSource.FINDINGS,
        why=f"Findings recorded{who} at resolution",
        note=getattr(findings, "doc_note", "") or "",
        at=at,
    )


@receiver(ticket_changed, dispatch_uid="knowledge.doc_request_duplicates")
def _ticket_changed(sender, ticket, at, transition=None, **kwargs) -> None:
    if transition in RESOLVING:
        doc_duplicates.ticket_resolved(ticket, at=at)
