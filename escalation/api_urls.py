"""API routes of escalation, included in ``helpdesk/api_urls.py`` before the tickets API."""

from django.urls import path

from . import api, watcher_views

urlpatterns = [
    path(
        "tickets/<int:number>/watchers/",
        watcher_views.WatchersView.as_view(),
        name="api-ticket-watchers",
    ),
    path(
        "tickets/<int:number>/watchers/<str:username>/",
        watcher_views.WatcherView.as_view(),
        name="api-ticket-watcher",
    ),
    path("tickets/<int:number>/escalate/", api.EscalateView.as_view(), name="api-ticket-escalate"),
    path(
        "tickets/<int:number>/escalate-down/",
        api.EscalateDownView.as_view(),
        name="api-ticket-escalate-down",
    ),
    path(
        "tickets/<int:number>/escalations/",
        api.EscalationsView.as_view(),
        name="api-ticket-escalations",
    ),
    path("tickets/<int:number>/split/", api.SplitView.as_view(), name="api-ticket-split"),
    path("tickets/<int:number>/route/", api.RouteView.as_view(), name="api-ticket-route"),
    path(
        "tickets/<int:number>/send-to-team/",
        api.SendToTeamView.as_view(),
        name="api-ticket-send-to-team",
    ),
    path(
        "tickets/<int:number>/notify-product/",
        api.NotifyProductView.as_view(),
        name="api-ticket-notify-product",
    ),
    path(
        "tickets/<int:number>/acknowledge/",
        api.AcknowledgeView.as_view(),
        name="api-ticket-acknowledge",
    ),
]
