"""A tier is ``tickets.Tier``; how tickets leave it is escalation's ``TierRules``, edited with
the tier on one admin page. A tier without rules escalates with the defaults."""

import pytest
from django.test import Client
from django.urls import reverse

from escalation import selectors, services
from escalation.errors import UnknownTier
from escalation.models import TierRules
from escalation.states import CommentRule
from tests.factories import UserFactory
from tickets.models import Tier

pytestmark = pytest.mark.django_db

RULES_FORM = {
    "rules-TOTAL_FORMS": "1",
    "rules-INITIAL_FORMS": "0",
    "rules-MIN_NUM_FORMS": "1",
    "rules-MAX_NUM_FORMS": "1",
    "rules-0-transition_comment": CommentRule.NEVER,
    "rules-0-page_after_minutes": "60",
    "rules-0-contact_list_after_minutes": "30",
}


@pytest.fixture
def admin_client_():
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _tier_form(**fields):
    return {"name": "T6", "code": "T6", "slug": "t6", "level": "10", **RULES_FORM, **fields}


def test_admin_adds_a_tier_with_its_rules_on_one_page(admin_client_):
    data = _tier_form(
        **{
            "rules-0-research_minutes": "7",
            "rules-0-transition_comment": CommentRule.ALWAYS,
        }
    )
    response = admin_client_.post(reverse("admin:tickets_tier_add"), data)
    assert response.status_code == 302, response.content.decode()
    rules = TierRules.objects.get(tier__code="T6")
    assert (rules.research_minutes, rules.transition_comment, rules.page_after_minutes) == (
        7,
        CommentRule.ALWAYS,
        60,
    )


def test_a_tier_added_with_the_default_rules_still_gets_its_rules_row(admin_client_):
    response = admin_client_.post(reverse("admin:tickets_tier_add"), _tier_form())
    assert response.status_code == 302, response.content.decode()
    rules = TierRules.objects.get(tier__code="T6")
    assert (rules.transition_comment, rules.is_on_call, rules.time_box) == (
        CommentRule.NEVER,
        False,
        "",
    )


def test_admin_changes_a_seeded_tiers_rules_on_the_tiers_page(admin_client_):
    t2 = Tier.objects.get(code="T2")
    page = admin_client_.get(reverse("admin:tickets_tier_change", args=[t2.pk]))
    assert page.status_code == 200
    assert b'name="rules-0-research_minutes"' in page.content
    data = _tier_form(
        name="T2",
        code="T2",
        slug="t2",
        level="2",
        **{
            "rules-INITIAL_FORMS": "1",
            "rules-0-tier": str(t2.pk),
            "rules-0-research_minutes": "25",
            "rules-0-answer_minutes": "15",
            "rules-0-transition_comment": CommentRule.ALWAYS,
        },
    )
    response = admin_client_.post(reverse("admin:tickets_tier_change", args=[t2.pk]), data)
    assert response.status_code == 302, response.content.decode()
    assert TierRules.objects.get(tier=t2).time_box == "25 + 15 min"
    assert TierRules.objects.count() == Tier.objects.count()


def test_the_tier_list_shows_each_tiers_rules(admin_client_):
    html = admin_client_.get(reverse("admin:tickets_tier_changelist")).content.decode()
    assert "15 + 15 min" in html
    assert "When the customer had the last word" in html


def test_a_tier_without_rules_escalates_with_the_defaults(in_tier, staff):
    t6 = Tier.objects.create(code="T6", name="T6", slug="t6", level=10)
    rules = selectors.rules_of(t6)
    assert (rules.pk, rules.is_on_call, rules.transition_comment, rules.time_box) == (
        t6.pk,
        False,
        CommentRule.NEVER,
        "",
    )
    assert not TierRules.objects.filter(tier=t6).exists()
    assert [t.code for t in selectors.tiers_above(t6)] == ["ONCALL"]
    assert selectors.next_tier_up(Tier.objects.get(code="T5")) == t6

    ticket = in_tier("T5")
    escalation = services.escalate_up(ticket, actor=staff["T4"], questions=["Which vendor?"])
    assert escalation.to_tier == t6
    assert escalation.customer_message == ""  # T5 never has to write to the customer


def test_an_unknown_tier_is_refused_with_the_codes_to_choose_from():
    with pytest.raises(UnknownTier) as refused:
        selectors.tier_named("T9")
    assert refused.value.code == "invalid"
    assert refused.value.details == {
        "fields": {"target_tier": ["Choose one of: TRIAGE, T1, T2, T3, T4, T5, ONCALL."]}
    }
    assert selectors.tier_named(" t2 ") == Tier.objects.get(code="T2")
