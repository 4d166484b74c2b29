import django_filters
from django.db.models import Q

from ..models import Ticket
from ..states import Category, Priority, Status


class TicketFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    category = django_filters.MultipleChoiceFilter(choices=Category.choices)
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices)
    tier = django_filters.CharFilter(field_name="tier__slug", help_text="Tier slug, e.g. t2.")
    assignee = django_filters.CharFilter(
        method="filter_assignee", help_text="A username, `me`, or `none` for unassigned."
    )
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact")
    linked_from = django_filters.NumberFilter(field_name="linked_from_id")
    search = django_filters.CharFilter(method="filter_search", help_text="Number or words.")

    class Meta:
        model = Ticket
        fields = ["status", "category", "priority", "tier", "assignee", "tag", "linked_from"]

    def filter_assignee(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        return queryset.filter(assignee__username=value)

    def filter_search(self, queryset, name, value):
        value = value.strip().lstrip("#")
        if value.isdigit():
            return queryset.filter(Q(pk=int(value)) | Q(subject__icontains=value))
        return queryset.filter(Q(subject__icontains=value) | Q(description__icontains=value))
