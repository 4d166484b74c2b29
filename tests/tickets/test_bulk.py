"""Bulk actions (issue 14): one action on many tickets, each through its own service and
transaction. The service, then the desk's bulk bar; the API's in test_bulk_api.py."""

import pytest
from django.test import Client

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, TagFactory, TicketFactory
from tests.support.snapshots import world
from tickets import selectors, services
from tickets.models import Message, Ticket, TransitionLog
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


def rows_of(snapshot, number: int) -> dict[str, list[tuple]]:
    """Every row of ``snapshot`` about ticket ``number``: its own, and each row pointing at it
    (transition log, messages, tags, outbox, notifications…)."""
    rows = {}
    for label, table in snapshot.items():
        names = snapshot.columns[label]
        if label == "tickets.Ticket":
            rows[label] = [row for row in table if row[0] == number]
        for column in ("ticket_id", "ticket_number"):
            if column in names:
                at = names.index(column)
                rows[f"{label}.{column}"] = [row for row in table if row[at] == number]
    return rows


def spanish(ticket):
    ticket.tags.add(TagFactory(name="Spanish"))
    return ticket


@pytest.fixture
def ada(db):
    return AgentFactory(username="ada")


# --- the service ------------------------------------------------------------------------------


def test_a_refused_ticket_stays_as_it_was_while_the_others_apply(agent):
    first, closed, last = TicketFactory(), TicketFactory(closed=True), TicketFactory()
    before = world()

    result = services.apply_bulk(
        [first.pk, closed.pk, last.pk], actor=agent, action="transition", transition_name="resolve"
    )

    assert [(row.number, row.ok) for row in result.rows] == [
        (first.pk, True),
        (closed.pk, False),
        (last.pk, True),
    ]
    refusal = result.refused[0].error
    assert refusal.code == "transition_not_allowed"
    assert (
        refusal.message == f"Cannot resolve ticket #{closed.pk}: it is Closed. Allowed now: reopen."
    )
    assert rows_of(world(), closed.pk) == rows_of(before, closed.pk)
    statuses = dict(Ticket.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.RESOLVED,
        closed.pk: Status.CLOSED,
        last.pk: Status.RESOLVED,
    }
    assert list(TransitionLog.objects.order_by("ticket_id").values_list("ticket_id", "actor")) == [
        (first.pk, agent.pk),
        (last.pk, agent.pk),
    ]


def test_lead_assigns_to_an_agent_and_the_spanish_ticket_is_refused(lead, ada):
    plain, tagged = TicketFactory(), spanish(TicketFactory())
    before = world()

    result = services.apply_bulk([plain.pk, tagged.pk], actor=lead, action="assign", assignee=ada)

    assert [row.number for row in result.applied] == [plain.pk]
    assert [row.error.message for row in result.refused] == [
        f"Ticket #{tagged.pk} is tagged Spanish: only agents marked as Spanish speakers may take "
        "it, and ada is not."
    ]
    assert rows_of(world(), tagged.pk) == rows_of(before, tagged.pk)
    assert Ticket.objects.get(pk=plain.pk).assignee == ada
    assert Message.objects.get(ticket=plain, kind=MessageKind.EVENT).body == (
        "Assigned to ada by lena."
    )


def test_an_agent_takes_the_free_tickets_but_not_a_colleagues(agent, ada):
    free, held = TicketFactory(), TicketFactory(assignee=ada)
    before = world()

    result = services.apply_bulk([free.pk, held.pk], actor=agent, action="take")

    assert [row.number for row in result.applied] == [free.pk]
    assert [row.error.message for row in result.refused] == [
        "Only a lead may reassign a ticket that another agent holds; only a lead or Triage may "
        "give a ticket to someone else."
    ]
    assert rows_of(world(), held.pk) == rows_of(before, held.pk)
    assert dict(Ticket.objects.values_list("pk", "assignee")) == {
        free.pk: agent.pk,
        held.pk: ada.pk,
    }


def test_tags_are_added_to_and_removed_from_every_ticket(agent):
    billing = TagFactory(name="Billing")
    one, two = TicketFactory(), TicketFactory()
    one.tags.add(billing)

    added = services.apply_bulk(
        [one.pk, two.pk], actor=agent, action="add_tags", tags=[" vip ", "billing", ""]
    )
    assert [row.ok for row in added.rows] == [True, True]
    assert sorted(one.tags.values_list("name", flat=True)) == ["Billing", "vip"]
    assert sorted(two.tags.values_list("name", flat=True)) == ["Billing", "vip"]

    removed = services.apply_bulk([one.pk, two.pk], actor=agent, action="remove_tags", tags=["VIP"])
    assert [row.ok for row in removed.rows] == [True, True]
    assert list(one.tags.values_list("name", flat=True)) == ["Billing"]
    assert list(two.tags.values_list("name", flat=True)) == ["Billing"]


def test_close_takes_its_reason_to_the_timeline(agent):
    one, two = TicketFactory(), TicketFactory(pending=True)

    result = services.apply_bulk(
        [one.pk, two.pk],
        actor=agent,
        action="transition",
        transition_name="close",
        comment="Duplicate of #1.",
    )

    assert [row.ok for row in result.rows] == [True, True]
    assert list(
        TransitionLog.objects.order_by("ticket_id").values_list(
            "ticket_id", "transition", "comment"
        )
    ) == [(one.pk, "close", "Duplicate of #1."), (two.pk, "close", "Duplicate of #1.")]
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.CLOSED}


def test_hold_takes_its_days(agent):
    ticket = TicketFactory()
    services.apply_bulk(
        [ticket.pk], actor=agent, action="transition", transition_name="hold", hold_days=2
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.ON_HOLD
    assert (ticket.hold_until - ticket.status_changed_at).days == 2


def move(name: str, **more) -> dict:
    return {"action": "transition", "transition_name": name, **more}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"action": "shred"}, "Unknown action 'shred'."),
        ({"action": "assign"}, "Choose the agent to assign the tickets to."),
        ({"action": "add_tags", "tags": [" ", ""]}, "Type at least one tag."),
        (move(""), "Choose the status to move the tickets to."),
        (move("auto_close"), "Unknown transition 'auto_close'."),
        (move("close"), "Say why the ticket is closed."),
        (move("close", comment="  "), "Say why the ticket is closed."),
        (move("request_review"), "Say what needs reviewing."),
        (move("hold"), "Say how many days to hold the ticket."),
    ],
)
def test_a_request_no_ticket_could_take_changes_nothing(agent, arguments, message):
    tickets = TicketFactory.create_batch(2)
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.apply_bulk([t.pk for t in tickets], actor=agent, **arguments)
    assert refused.value.message == message
    assert world() == before


def test_assigning_to_a_customer_changes_nothing(lead, customer):
    ticket = TicketFactory()
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.apply_bulk([ticket.pk], actor=lead, action="assign", assignee=customer)
    assert refused.value.message == "Tickets can only be assigned to agents."
    assert world() == before


def test_no_ticket_and_too_many_tickets_are_refused_whole(agent):
    ticket = TicketFactory()
    before = world()
    with pytest.raises(ValidationFailed) as none:
        services.apply_bulk([], actor=agent, action="take")
    assert none.value.message == "Select at least one ticket."
    with pytest.raises(ValidationFailed) as many:
        services.apply_bulk([ticket.pk, *range(10**6, 10**6 + 200)], actor=agent, action="take")
    assert many.value.message == (
        "At most 200 tickets at once, and 201 were selected: narrow the selection."
    )
    assert world() == before
    # 200 is fine; each number counts once.
    result = services.apply_bulk(
        [ticket.pk] * 3 + list(range(10**6, 10**6 + 199)), actor=agent, action="take"
    )
    assert len(result.rows) == 200
    assert [row.number for row in result.applied] == [ticket.pk]


def test_a_missing_ticket_is_refused_in_the_words_of_the_ticket_page(agent):
    result = services.apply_bulk([424242], actor=agent, action="take")
    [row] = result.rows
    with pytest.raises(NotFound) as page:
        selectors.get_ticket(agent, 424242)
    assert isinstance(row.error, NotFound)
    assert row.error.message == page.value.message == "Ticket 424242 was not found."


def test_customers_may_not_act_in_bulk_even_on_their_own_tickets(customer):
    own = TicketFactory(requester=customer)
    before = world()
    with pytest.raises(PermissionDenied) as refused:
        services.apply_bulk(
            [own.pk], actor=customer, action="transition", transition_name="close", comment="Done"
        )
    assert refused.value.message == "Only agents change tickets in bulk."
    assert world() == before


# --- the desk's bulk bar ----------------------------------------------------------------------


def desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(response) -> list[tuple[str, str]]:
    """The messages the queue shows after the redirect: (level, text)."""
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_bulk_assign_comes_back_to_the_same_queue_with_one_message(lead, ada):
    tickets = TicketFactory.create_batch(3)
    tagged = spanish(tickets[1])
    numbers = [str(t.pk) for t in tickets]

    response = desk(lead).post(
        "/desk/bulk/?category=issue_with_error&tier=triage&page=1",
        {"tickets": numbers, "action": "assign", "assignee": ada.pk},
        follow=True,
    )

    assert response.redirect_chain == [("/desk/?category=issue_with_error&tier=triage&page=1", 302)]
    assert shown(response) == [
        (
            "warning",
            f"2 tickets assigned to ada. 1 refused: #{tagged.pk} — Ticket #{tagged.pk} is tagged "
            "Spanish: only agents marked as Spanish speakers may take it, and ada is not.",
        )
    ]
    html = response.content.decode()
    assert html.count('<td data-label="Assignee">ada</td>') == 2
    assert 'class="notification is-warning is-light" role="status"' in html
    assert dict(Ticket.objects.values_list("pk", "assignee")) == {
        tickets[0].pk: ada.pk,
        tagged.pk: None,
        tickets[2].pk: ada.pk,
    }


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"action": "take"}, "You took 2 tickets."),
        ({"action": "add_tags", "tags": "Billing, vip"}, "2 tickets tagged Billing, vip."),
        ({"action": "remove_tags", "tags": "Billing"}, "Removed Billing from 2 tickets."),
        ({"action": "transition", "transition": "resolve"}, "2 tickets are now Resolved."),
        (
            {"action": "transition", "transition": "close", "comment": "Spam.", "confirm": "on"},
            "2 tickets are now Closed.",
        ),
    ],
)
def test_each_action_says_what_it_did_in_a_success_box(agent, post, message):
    numbers = [str(t.pk) for t in TicketFactory.create_batch(2)]
    response = desk(agent).post("/desk/bulk/", {"tickets": numbers, **post}, follow=True)
    assert response.redirect_chain == [("/desk/", 302)]
    assert shown(response) == [("success", message)]


def test_one_ticket_reads_in_the_singular(agent):
    ticket = TicketFactory()
    response = desk(agent).post(
        "/desk/bulk/", {"tickets": [ticket.pk], "action": "take"}, follow=True
    )
    assert shown(response) == [("success", "You took 1 ticket.")]


def test_a_long_list_of_refusals_names_ten_and_counts_the_rest(agent):
    closed = TicketFactory.create_batch(12, closed=True)
    response = desk(agent).post(
        "/desk/bulk/",
        {"tickets": [t.pk for t in closed], "action": "transition", "transition": "resolve"},
        follow=True,
    )
    listed = "; ".join(
        f"#{t.pk} — Cannot resolve ticket #{t.pk}: it is Closed. Allowed now: reopen"
        for t in closed[:10]
    )
    assert shown(response) == [
        ("warning", f"No ticket was changed. 12 refused: {listed}; and 2 more.")
    ]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"action": "take"}, "Select at least one ticket."),
        ({"tickets": "T1", "action": "take"}, "Those are not ticket numbers."),
        ({"tickets": "1", "action": ""}, "Choose an action."),
        ({"tickets": "1", "action": "shred"}, "Choose one of the actions."),
        ({"tickets": "1", "action": "assign"}, "Choose the agent to assign the tickets to."),
        ({"tickets": "1", "action": "assign", "assignee": "0"}, "Choose an agent from the list."),
        ({"tickets": "1", "action": "add_tags", "tags": " , "}, "Type at least one tag."),
        ({"tickets": "1", "action": "transition", "transition": "x"},
         "Choose a status from the list."),
        ({"tickets": "1", "action": "transition", "transition": "close", "confirm": "on"},
         "Say why the ticket is closed."),
        ({"tickets": "1", "action": "transition", "transition": "close", "comment": "Spam."},
         "Confirm that the selected tickets should be closed."),
    ],
)  # fmt: skip
def test_bad_input_is_a_message_and_writes_nothing(lead, post, message):
    ticket = TicketFactory(pk=1)
    before = world()
    response = desk(lead).post("/desk/bulk/?status=all", post, follow=True)
    assert response.redirect_chain == [("/desk/?status=all", 302)]
    assert shown(response) == [("error", f"Nothing was changed: {message}")]
    assert world() == before
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_the_queue_has_a_box_per_row_and_a_labelled_bar(lead):
    tickets = TicketFactory.create_batch(2)
    html = desk(lead).get("/desk/?priority=normal").content.decode()
    for ticket in tickets:
        assert (
            f'<input type="checkbox" name="tickets" value="{ticket.pk}" form="bulk-form" '
            f'aria-label="Select ticket #{ticket.pk}" data-bulk-row>'
        ) in html
    assert 'aria-label="Select all tickets on this page" data-bulk-all hidden>' in html
    assert 'action="/desk/bulk/?priority=normal&amp;page=1"' in html
    for name, label in [
        ("action", "Action"),
        ("assignee", "Agent"),
        ("tags", "Tags"),
        ("transition", "New status"),
        ("comment", "Comment (shown on the timeline; Close needs the reason)"),
        ("hold_days", "Days on hold (Hold only)"),
    ]:
        assert f'<label class="label is-small" for="bulk-{name}">{label}</label>' in html
    assert (
        '<label class="checkbox" for="bulk-confirm"><input type="checkbox" name="confirm" '
        'id="bulk-confirm"> Yes, close the selected tickets</label>'
    ) in html
    assert '<option value="assign">Assign to an agent</option>' in html


def test_an_agent_who_is_not_a_lead_has_no_assign_in_the_bar(agent):
    TicketFactory()
    html = desk(agent).get("/desk/").content.decode()
    assert 'value="take">Take them</option>' in html
    assert 'value="assign"' not in html


@pytest.mark.parametrize("n", [5, 20])
def test_the_bulk_post_costs_the_services_queries_per_ticket_and_no_more(
    lead, ada, django_assert_num_queries, n
):
    """Not flat: each ticket goes through ``assign`` in its own savepoint, as on its page. Six
    for the request (session, user, groups, the agents menu, the agent's groups, the tickets in
    one read) and 15 a ticket: savepoint ×2, lock, tags (the Spanish rule), update, timeline
    event, the assignee and signature and outbox row of the customer's "working on it" mail,
    webhooks, recipients, in-app notification, its mail, release ×2."""
    tickets = TicketFactory.create_batch(n)
    client = desk(lead)
    post = {"tickets": [t.pk for t in tickets], "action": "assign", "assignee": ada.pk}
    with django_assert_num_queries(6 + 15 * n):
        response = client.post("/desk/bulk/", post)
    assert response.status_code == 302
    assert shown(client.get(response["Location"])) == [("success", f"{n} tickets assigned to ada.")]
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {ada.pk}


@pytest.mark.parametrize("n", [5, 50])
def test_a_leads_queue_with_the_bar_costs_one_query_more_whatever_the_rows(
    lead, ada, django_assert_num_queries, n
):
    """The agent queue's queries (tests/tickets/test_query_counts.py) plus the bar's agents."""
    TicketFactory.create_batch(n)
    client = desk(lead)
    # (+1: the running timer of the desk header, timesheets; +1: first-response clocks)
    with django_assert_num_queries(13):
        html = client.get("/desk/?status=open").content.decode()
    assert html.count("data-bulk-row>") == n
    assert html.count(f'<option value="{ada.pk}">ada</option>') == 1
