import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Subquery

from .. import search
from ..models import Ticket, Tier
from ..selectors import sorting
from ..states import Category, Priority, Status


class TicketFilter(django_filters.FilterSet):
    # distinct=False: one value per row, so no SELECT DISTINCT over the whole filtered set.
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, distinct=False)
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, distinct=False)
    tier = django_filters.CharFilter(method="filter_tier", help_text="Tier slug, e.g. t2.")
    assignee = django_filters.CharFilter(
        method="filter_assignee", help_text="A username, `me`, or `none` for unassigned."
    )
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact")
    linked_from = django_filters.NumberFilter(
        field_name="linked_from_id", min_value=1, max_value=2**63 - 1
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=(
            "Words in the subject, description, intake fields or messages (customers: public "
            "messages only), or a ticket number; best match first."
        ),
    )

    ordering = django_filters.ChoiceFilter(
        choices=sorting.sort_values,
        method="filter_ordering",
        help_text=(
            "The order, as on the desk queue: `priority` (top first, then oldest), `created` "
            "(oldest first), `activity` (least recent activity first), `sla_due` (SLA overdue "
            "first, then soonest due); a leading `-` reverses it. Without it: oldest first "
            "(with `search`: best match first)."
        ),
    )

    class Meta:
        model = Ticket
        fields = ["status", "category", "priority", "tier", "assignee", "tag", "linked_from"]

    def filter_tier(self, queryset, name, value):
        # A subquery, not a join: PostgreSQL then walks ticket_queue_idx in order.
        tier_id = Tier.objects.filter(slug=value).order_by().values("pk")[:1]
        return queryset.filter(tier_id=Subquery(tier_id))

    def filter_assignee(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        users = get_user_model().objects.filter(username=value).values("pk")[:1]
        return queryset.filter(assignee_id=Subquery(users))

    def filter_search(self, queryset, name, value):
        # The same search as the desk and the portal, within what the other filters kept.
        if not search.clean(value):
            return queryset
        matches = search.search(self.request.user, value, within=queryset)
        return search.ranked(queryset, matches)

    def filter_ordering(self, queryset, name, value: str):
        return queryset  # applied last, by filter_queryset: after the search's ranking

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if value := self.form.cleaned_data.get("ordering"):
            queryset = sorting.sort_tickets(queryset, value)
        return queryset
