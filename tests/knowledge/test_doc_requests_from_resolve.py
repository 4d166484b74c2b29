"""Resolving a ticket with findings that say a doc should change opens a doc request: the real
findings service and the knowledge app's receiver together (seed 004 and seed 003)."""

import pytest

from knowledge.models import DocRequest
from knowledge.states import DocKind, DocSource
from tests.factories import TicketFactory
from tickets import services as tickets
from tickets.services.findings import Findings

pytestmark = pytest.mark.django_db


def test_resolving_with_a_user_doc_change_opens_a_request_with_the_note(agent):
    ticket = TicketFactory(subject="Invoices export to CSV misses the VAT column")
    tickets.resolve_with_findings(
        ticket,
        actor=agent,
        findings=Findings(
            cause="The export template predates VAT.",
            fix="Use the 'with taxes' export.",
            doc_change="user",
            doc_note="The export article should name the 'with taxes' option.",
        ),
    )

    request = DocRequest.objects.get()
    assert (request.kind, request.source) == (DocKind.USER, DocSource.FINDINGS)
    assert "with taxes" in request.note
    assert list(request.asked_by.values_list("ticket_id", flat=True)) == [ticket.pk]


def test_a_refused_resolve_opens_no_request(agent):
    ticket = TicketFactory()
    with pytest.raises(Exception, match="cause"):
        tickets.resolve_with_findings(
            ticket,
            actor=agent,
            findings=Findings(fix="Restarted.", doc_change="internal", doc_note="Runbook."),
        )
    assert not DocRequest.objects.exists()
