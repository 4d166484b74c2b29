"""Changing of the Guard and status-page posting, under ``/desk/guard/``."""

from django.urls import path

from . import guard_views

urlpatterns = [
    path("", guard_views.week_page, name="guard-week"),
    path("log/", guard_views.log_add, name="guard-log-add"),
    path("log/<int:pk>/done/", guard_views.log_done, name="guard-log-done"),
    path("log/<int:pk>/assign/", guard_views.log_assign, name="guard-log-assign"),
    path("status/<int:number>/post/", guard_views.post, name="status-post"),
    path("status/<int:number>/update/", guard_views.post_update, name="status-post-update"),
    path("status/<int:number>/take-down/", guard_views.take_down, name="status-take-down"),
]
