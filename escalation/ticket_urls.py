"""The escalation actions of one desk ticket, under ``/desk/tickets/<number>/``."""

from django.urls import path

from . import oncall_views, triage_views, views, watcher_views

urlpatterns = [
    path("escalate/", views.escalate, name="desk-escalate"),
    path("escalate/down/", views.escalate_down, name="desk-escalate-down"),
    path("split/", views.split, name="desk-split"),
    path("route/", triage_views.route, name="desk-route"),
    path("team/", views.send_to_team, name="desk-send-to-team"),
    path("notify-product/", views.notify_product, name="desk-notify-product"),
    path("acknowledge/", views.acknowledge, name="desk-acknowledge"),
    path("page-now/", views.page_now, name="desk-page-now"),
    path("watchers/", watcher_views.add, name="desk-watcher-add"),
    path("watchers/remove/", watcher_views.remove, name="desk-watcher-remove"),
    path("oncall/", oncall_views.on_call_request, name="desk-oncall-request"),
    path("oncall/confirm/", oncall_views.confirm, name="desk-oncall-confirm"),
    path("oncall/decline/", oncall_views.decline, name="desk-oncall-decline"),
]
