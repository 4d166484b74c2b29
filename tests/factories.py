"""Factories for every model; ``TicketFactory`` has a trait per status."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from engineering.models import Task
from helpdesk.core.roles import AGENTS_GROUP, LEADS_GROUP
from tickets.models import CustomerProfile, Message, Organization, Tag, Ticket, Tier
from tickets.states import Category, MessageKind, Priority, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class CustomerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerProfile

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    is_manager = False


class CustomerFactory(UserFactory):
    """A customer: ``CustomerFactory(customer_profile__organization=org)``."""

    customer_profile = factory.RelatedFactory(CustomerProfileFactory, factory_related_name="user")


class AgentFactory(UserFactory):
    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=AGENTS_GROUP))


class LeadFactory(UserFactory):
    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=LEADS_GROUP))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


def _triage():
    return Tier.objects.get(slug="triage")


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    subject = factory.Sequence(lambda n: f"Problem number {n}")
    description = "Something is **broken**."
    category = Category.ISSUE_WITH_ERROR
    priority = Priority.NORMAL
    status = Status.OPEN
    requester = factory.SubFactory(CustomerFactory)
    organization = factory.LazyAttribute(lambda o: o.requester.customer_profile.organization)
    tier = factory.LazyFunction(_triage)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
    status_changed_at = factory.LazyAttribute(lambda o: o.created_at)

    class Params:
        pending = factory.Trait(
            status=Status.PENDING, pending_since=factory.LazyFunction(timezone.now)
        )
        waiting = factory.Trait(
            status=Status.WAITING_ON_CUSTOMER, waiting_since=factory.LazyFunction(timezone.now)
        )
        on_hold = factory.Trait(
            status=Status.ON_HOLD,
            hold_until=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3)),
        )
        review = factory.Trait(status=Status.REVIEW)
        resolved = factory.Trait(
            status=Status.RESOLVED, resolved_at=factory.LazyFunction(timezone.now)
        )
        closed = factory.Trait(
            status=Status.CLOSED,
            resolved_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    kind = MessageKind.PUBLIC_REPLY
    body = "Here is an answer."
    author = factory.SubFactory(AgentFactory)
    created_at = factory.LazyFunction(timezone.now)

    class Params:
        internal = factory.Trait(kind=MessageKind.INTERNAL_NOTE, body="Staff only: secret plan.")
        from_customer = factory.Trait(
            kind=MessageKind.CUSTOMER_REPLY,
            author=factory.LazyAttribute(lambda o: o.ticket.requester),
        )


class TaskFactory(factory.django.DjangoModelFactory):
    """An engineering task in Requirements on a fresh ticket, billing fields empty."""

    class Meta:
        model = Task

    ticket = factory.SubFactory(TicketFactory)
    title = factory.Sequence(lambda n: f"Fix the export, part {n}")
    description = "Change the CSV export to include the VAT column."
    created_by = factory.SubFactory(AgentFactory)
    priority = Priority.NORMAL
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda task: task.created_at)
    stage_changed_at = factory.LazyAttribute(lambda task: task.created_at)

    class Params:
        billed = factory.Trait(billing_reference="SO-1042/3", subscription="PACK-ACME-2026")
        # The Process Leader reviewed it: green Ready (seed 000); the default is grey Unapproved.
        reviewed = factory.Trait(
            kanban_state="ready", reviewed_at=factory.LazyFunction(timezone.now)
        )
