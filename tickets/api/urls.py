from django.urls import path

from . import findings, organizations, scope, views

urlpatterns = [
    path("tickets/", views.TicketListView.as_view(), name="api-ticket-list"),
    path("tickets/bulk/", views.TicketBulkView.as_view(), name="api-ticket-bulk"),
    path("tickets/<int:number>/", views.TicketDetailView.as_view(), name="api-ticket-detail"),
    path(
        "tickets/<int:number>/messages/",
        views.TicketMessagesView.as_view(),
        name="api-ticket-messages",
    ),
    path(
        "tickets/<int:number>/transitions/",
        views.TicketTransitionsView.as_view(),
        name="api-ticket-transitions",
    ),
    path(
        "tickets/<int:number>/assign/", views.TicketAssignView.as_view(), name="api-ticket-assign"
    ),
    path("tickets/<int:number>/merge/", views.TicketMergeView.as_view(), name="api-ticket-merge"),
    path("tickets/<int:number>/tags/", views.TicketTagsView.as_view(), name="api-ticket-tags"),
    path(
        "tickets/<int:number>/out-of-scope/",
        scope.TicketOutOfScopeView.as_view(),
        name="api-ticket-out-of-scope",
    ),
    path(
        "tickets/<int:number>/findings/",
        findings.TicketFindingsView.as_view(),
        name="api-ticket-findings",
    ),
    path(
        "organizations/<slug:slug>/profile/",
        organizations.OrganizationProfileView.as_view(),
        name="api-organization-profile",
    ),
]
