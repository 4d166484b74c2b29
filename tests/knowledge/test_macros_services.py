"""Macros' rules, through the services and selectors: placeholders (each filled in, unknown ones
refused on save, HTML and Markdown in customers' data kept as text), the ticket's language
picks the variant, scopes decide who may use and edit, actions go through the ticket services
all or none after the reply, and a use is counted once per reply sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.core.markdown import render_markdown
from helpdesk.notifications import staff
from knowledge import policies_macros
from knowledge import selectors_macros as selectors
from knowledge.macro_models import Macro, MacroScope, MacroUse
from knowledge.models import ArticleLink
from knowledge.services import macros as services
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    LeadFactory,
    OrganizationFactory,
    TicketFactory,
    UserFactory,
)
from tests.knowledge.macro_factories import MacroFactory, TeamFactory, ticket_world
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message, Tier, TransitionLog
from tickets.states import Category, MessageKind, Priority

pytestmark = pytest.mark.django_db


def tag_names(ticket):
    return sorted(ticket.tags.values_list("name", flat=True))


def write(actor, **values):
    fields = {
        "name": "First response",
        "shortcut": "fr1",
        "language": "en",
        "body": "Hi {{ customer.first_name }}.",
        "scope": MacroScope.PERSON,
    }
    return services.create_macro(actor=actor, **{**fields, **values})


# --- placeholders -----------------------------------------------------------------------------


def test_each_placeholder_is_filled_in_for_the_ticket_and_the_agent():
    org = OrganizationFactory(name="Bluewave Rentals")
    customer = CustomerFactory(first_name="Amira", customer_profile__organization=org)
    ticket = TicketFactory(requester=customer, subject="Invoice is blank")
    agent = AgentFactory(username="tina", first_name="Tina", last_name="Turner")
    staff.update_profile(agent, actor=agent, preferences={}, signature="Support, Helpdesk demo")
    macro = MacroFactory(
        body="{{ customer.first_name }}|{{ticket.number}}|{{  ticket.subject  }}|"
        "{{ agent.name }}|{{ agent.signature }}|{{ organization.name }}"
    )

    rendered = selectors.render_for(macro, ticket, agent)

    assert rendered.text == (
        f"Amira|{ticket.pk}|Invoice is blank|Tina Turner|Support, Helpdesk demo|Bluewave Rentals"
    )


def test_a_customer_without_a_first_name_is_greeted_by_username_and_no_signature_is_empty():
    ticket = TicketFactory(requester=CustomerFactory(username="bruno_k", first_name=""))
    agent = AgentFactory(username="tina")
    macro = MacroFactory(
        body="Hi {{ customer.first_name }} / {{ agent.name }} [{{ agent.signature }}]"
    )

    assert selectors.render_for(macro, ticket, agent).text == "Hi bruno\\_k / tina []"


def test_a_signature_that_starts_with_the_agents_name_names_them_once():
    agent = AgentFactory(first_name="Tina", last_name="Turner")
    staff.update_profile(agent, actor=agent, preferences={}, signature="tina turner\nSupport")
    macro = MacroFactory(body="{{ agent.name }}\n{{ agent.signature }}")

    assert selectors.render_for(macro, TicketFactory(), agent).text == "Tina Turner\nSupport"


def test_html_in_a_customer_name_stays_text_in_the_sent_reply():
    customer = CustomerFactory(first_name='<b>Bo</b><img src=x onerror="alert(1)">')
    ticket = TicketFactory(requester=customer, subject="*Urgent* [click](javascript:alert(1))")
    agent = AgentFactory()
    macro = MacroFactory(body="Hi {{ customer.first_name }}, about {{ ticket.subject }}.")

    text = selectors.render_for(macro, ticket, agent).text
    tickets.reply(ticket, actor=agent, body=text)

    html = str(render_markdown(Message.objects.get(kind=MessageKind.PUBLIC_REPLY).body))
    assert html == (
        '<p>Hi &lt;b&gt;Bo&lt;/b&gt;&lt;img src=x onerror="alert(1)"&gt;, about '
        "*Urgent* [click](javascript:alert(1)).</p>"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Hi {{ customer.email }}",
            "{{ customer.email }} is not a placeholder. Use one of: {{ customer.first_name }}, "
            "{{ ticket.number }}, {{ ticket.subject }}, {{ agent.name }}, "
            "{{ agent.signature }}, {{ organization.name }}.",
        ),
        (
            "Hi {{ customer.first_name }, see {% if x %}",
            "A placeholder is not closed: write it as {{ ticket.number }}.",
        ),
        (
            "{{ }}",
            "{{ }} is not a placeholder. Use one of: {{ customer.first_name }}, "
            "{{ ticket.number }}, {{ ticket.subject }}, {{ agent.name }}, {{ agent.signature }}, "
            "{{ organization.name }}.",
        ),
    ],
)
def test_an_unknown_or_unclosed_placeholder_is_refused_on_save_and_nothing_is_written(
    body, message
):
    agent = AgentFactory()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        write(agent, body=body)

    assert refused.value.details["fields"] == {"body": [message]}
    assert refused.value.message == f"The macro was not saved: {message}"
    assert world() == before


def test_template_tags_in_a_macro_are_plain_text_never_run():
    ticket = TicketFactory()
    macro = MacroFactory(body="{% load static %}{{ ticket.number }} {% now 'Y' %}")

    text = selectors.render_for(macro, ticket, AgentFactory()).text

    assert text == f"{{% load static %}}{ticket.pk} {{% now 'Y' %}}"


# --- language variants ------------------------------------------------------------------------


def test_the_tickets_language_picks_the_variant_of_a_shortcut():
    agent = AgentFactory()
    english = MacroFactory(shortcut="fr1", language="en", body="Hello")
    spanish = MacroFactory(shortcut="fr1", language="es", body="Hola")
    only_english = MacroFactory(shortcut="thanks", language="en", body="Thanks")
    in_spanish, in_english = TicketFactory(language="es"), TicketFactory(language="en")

    assert selectors.macro_for_shortcut(agent, in_spanish, "/fr1") == spanish
    assert selectors.macro_for_shortcut(agent, in_english, "FR1") == english
    assert selectors.macro_for_shortcut(agent, in_spanish, "thanks") == only_english
    assert selectors.picker_macros(agent, in_spanish) == [spanish, only_english]
    assert selectors.picker_macros(agent, in_english) == [english, only_english]
    with pytest.raises(NotFound, match=r"^No macro /nope for this ticket\.$"):
        selectors.macro_for_shortcut(agent, in_english, "nope")


def test_a_shortcut_is_unique_per_language():
    lead = LeadFactory()
    write(lead, shortcut="fr1", language="en", scope=MacroScope.EVERYONE)
    write(lead, shortcut="fr1", language="es", scope=MacroScope.EVERYONE)
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        write(lead, shortcut="/FR1", language="es", scope=MacroScope.EVERYONE)

    message = "/fr1 already exists in Spanish: choose another shortcut."
    assert refused.value.details["fields"] == {"shortcut": [message]}
    assert world() == before


# --- scopes: who may use, who may edit --------------------------------------------------------


def test_who_may_use_a_macro_follows_its_scope():
    t1 = Tier.objects.get(slug="t1")
    member, outsider = AgentFactory(username="member"), AgentFactory(username="outsider")
    t1.members.add(member)
    team = TeamFactory(name="Engagement", slug="engagement")
    team.members.add(member)
    mine = MacroFactory(person=True, owner=member, shortcut="mine")
    tiers = MacroFactory(for_tier=True, tier=t1, shortcut="tier1")
    teams = MacroFactory(for_team=True, team=team, shortcut="team1")
    everyone = MacroFactory(shortcut="all1")
    triage_ticket, t1_ticket = TicketFactory(), TicketFactory(tier=t1)

    assert list(selectors.macros_usable_by(member)) == [everyone, mine, teams, tiers]
    assert list(selectors.macros_usable_by(outsider)) == [everyone]
    # Anyone working a ticket of a tier may answer with the tier's macros.
    assert list(selectors.macros_usable_by(outsider, t1_ticket)) == [everyone, tiers]
    assert list(selectors.macros_usable_by(outsider, triage_ticket)) == [everyone]
    with pytest.raises(NotFound):
        selectors.usable_macro(outsider, triage_ticket, mine.pk)


def test_any_agent_writes_their_own_macro_and_only_leads_write_shared_ones():
    agent, lead = AgentFactory(), LeadFactory()

    own = write(agent, scope=MacroScope.PERSON)
    assert (own.owner, own.created_by, own.shortcut) == (agent, agent, "fr1")

    before = world()
    for scope, extra in [
        (MacroScope.EVERYONE, {}),
        (MacroScope.TIER, {"tier": Tier.objects.get(slug="t1")}),
        (MacroScope.TEAM, {"team": TeamFactory()}),
    ]:
        before = world()
        with pytest.raises(
            PermissionDenied,
            match=r"^Only leads may write macros for a tier, a team or everyone\.$",
        ):
            write(agent, shortcut="x1", scope=scope, **extra)
        assert world() == before

    shared = write(lead, shortcut="x1", scope=MacroScope.TIER, tier=Tier.objects.get(slug="t2"))
    assert (shared.owner, shared.tier.slug) == (None, "t2")


def test_customers_may_not_write_macros():
    customer = CustomerFactory()
    before = world()
    with pytest.raises(PermissionDenied):
        write(customer, scope=MacroScope.PERSON)
    assert world() == before


def test_a_personal_macro_is_edited_by_its_owner_only():
    owner, other, lead = AgentFactory(), AgentFactory(), LeadFactory()
    macro = MacroFactory(person=True, owner=owner, name="Mine")

    for stranger in (other, lead):
        before = world()
        with pytest.raises(
            PermissionDenied, match=r"^Only its owner may change a personal macro\.$"
        ):
            services.update_macro(macro, actor=stranger, name="Theirs")
        assert world() == before

    services.update_macro(macro, actor=owner, name="Still mine")
    macro.refresh_from_db()
    assert (macro.name, macro.owner) == ("Still mine", owner)


@pytest.mark.parametrize("trait", ["for_tier", "for_team", "everyone"])
def test_a_shared_macro_is_edited_by_leads_only(trait):
    extra = {"tier": Tier.objects.get(slug="t1")} if trait == "for_tier" else {}
    macro = MacroFactory(**({trait: True} if trait != "everyone" else {}), **extra, name="Shared")
    agent, lead = AgentFactory(), LeadFactory()
    before = world()

    with pytest.raises(PermissionDenied, match=r"^Only leads may change a macro for "):
        services.update_macro(macro, actor=agent, name="Changed")
    with pytest.raises(PermissionDenied):
        services.delete_macro(macro, actor=agent)
    assert world() == before

    services.update_macro(macro, actor=lead, name="Changed")
    macro.refresh_from_db()
    assert macro.name == "Changed"
    services.delete_macro(macro, actor=lead)
    assert not Macro.objects.filter(pk=macro.pk).exists()


# --- actions with the reply -------------------------------------------------------------------


def test_the_actions_go_through_the_ticket_services_after_the_reply():
    agent = AgentFactory(username="tina")
    ticket = TicketFactory(category=Category.ISSUE_WITH_ERROR, priority=Priority.NORMAL)
    macro = MacroFactory(
        shortcut="fr1",
        add_tags="needs-details, Billing",
        set_category=Category.QUESTION,
        set_priority=Priority.LOW,
        set_status="set_pending",
    )

    sent, outcome = services.reply_with_macro(ticket, actor=agent, macro_id=macro.pk)

    ticket.refresh_from_db()
    assert sent.message.body == f"Hi {ticket.requester.username}, about ticket #{ticket.pk}."
    assert (ticket.status, ticket.category, ticket.priority) == ("pending", "question", "low")
    assert tag_names(ticket) == ["Billing", "needs-details"]
    assert outcome.applied == [
        "tagged needs-details",
        "tagged Billing",
        "set the category to Question",
        "set the priority to Low",
        "set the status to Pending",
    ]
    assert outcome.refused == ""
    log = TransitionLog.objects.get(ticket=ticket)
    assert (log.transition, log.actor, log.comment) == ("set_pending", agent, "With macro /fr1.")
    events = list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).values_list("body", flat=True)
    )
    assert events == [
        "tina tagged **needs-details**, **Billing**.",
        "tina set the category to Question and the priority to Low (/fr1).",
    ]


def test_a_refused_action_applies_none_and_the_reply_stays_sent():
    agent = AgentFactory()
    ticket = TicketFactory(resolved=True, category=Category.ISSUE_WITH_ERROR)
    macro = MacroFactory(
        add_tags="needs-details", set_category=Category.QUESTION, set_status="set_pending"
    )
    tickets.reply(ticket, actor=agent, body="Sent before the macro's actions.")
    before = ticket_world()

    outcome = services.apply_after_reply(ticket, actor=agent, macro_id=macro.pk)

    assert outcome.applied == []
    assert outcome.refused == (
        f"Cannot set pending ticket #{ticket.pk}: it is Resolved. Allowed now: close, reopen."
    )
    assert ticket_world() == before  # no tag, same category, still Resolved
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).count() == 1
    macro.refresh_from_db()
    assert macro.use_count == 1  # the reply was sent with it


def test_a_status_the_ticket_already_has_is_left_alone():
    agent = AgentFactory()
    ticket = TicketFactory()
    macro = MacroFactory(set_status="set_pending")

    tickets.reply(ticket, actor=agent, body="Answer", set_pending=True)
    outcome = services.apply_after_reply(ticket, actor=agent, macro_id=macro.pk)

    assert (outcome.applied, outcome.refused) == ([], "")
    assert TransitionLog.objects.filter(ticket=ticket).count() == 1  # the reply's own


def test_a_macros_article_is_linked_as_the_tickets_answer(publish):
    agent = AgentFactory()
    ticket = TicketFactory()
    article = publish("Reset a password")
    macro = MacroFactory(link_article=article.pk)

    outcome = services.apply_after_reply(ticket, actor=agent, macro_id=macro.pk)

    assert outcome.applied == [f"linked article {article.pk}"]
    assert list(ArticleLink.objects.filter(ticket=ticket).values_list("article", flat=True)) == [
        article.pk
    ]


def test_a_macro_the_agent_may_not_use_is_not_found_and_nothing_is_sent():
    agent = AgentFactory()
    ticket = TicketFactory()
    theirs = MacroFactory(person=True)
    before = world()

    with pytest.raises(NotFound):
        services.reply_with_macro(ticket, actor=agent, macro_id=theirs.pk)

    assert world() == before


# --- uses -------------------------------------------------------------------------------------


def test_each_sent_reply_counts_one_use_and_rendering_counts_none():
    agent = AgentFactory()
    ticket = TicketFactory()
    macro = MacroFactory()

    selectors.render_for(macro, ticket, agent)
    assert MacroUse.objects.count() == 0

    services.reply_with_macro(ticket, actor=agent, macro_id=macro.pk)
    services.reply_with_macro(ticket, actor=agent, macro_id=macro.pk, body="Edited")

    macro.refresh_from_db()
    uses = list(MacroUse.objects.values_list("macro", "agent", "ticket"))
    assert uses == [(macro.pk, agent.pk, ticket.pk)] * 2
    assert macro.use_count == 2
    assert macro.last_used_at == MacroUse.objects.latest("at").at


def test_a_macro_is_stale_after_90_days_without_use():
    now = timezone.now()
    lead = LeadFactory()
    old = now - timedelta(days=91)
    stale_used = MacroFactory(shortcut="a1", last_used_at=old, created_at=old)
    stale_never = MacroFactory(shortcut="a2", created_at=old)
    MacroFactory(shortcut="a3", last_used_at=now - timedelta(days=89), created_at=old)
    MacroFactory(shortcut="a4", created_at=now - timedelta(days=10))

    stale = selectors.macro_list(lead, stale_only=True, now=now)

    assert sorted(m.shortcut for m in stale) == ["a1", "a2"]
    assert selectors.is_stale(stale_used, now)
    assert selectors.is_stale(stale_never, now)


def test_users_without_a_role_use_no_macros():
    assert not policies_macros.may_use_macros(UserFactory())
