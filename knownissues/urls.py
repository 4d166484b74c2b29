"""The known-issue tracker of the desk, under ``/desk/known-issues/``."""

from django.urls import path

from . import github_views, verify_views, views

urlpatterns = [
    path("", views.issue_list, name="knownissues-list"),
    path("new/", views.create, name="knownissues-create"),
    path("search/", views.search, name="knownissues-search"),
    path("link/", views.link, name="knownissues-link"),
    path("signals/dismiss/", views.dismiss_signal, name="knownissues-signal-dismiss"),
    path("<int:number>/", views.detail, name="knownissues-detail"),
    path("<int:number>/edit/", views.edit, name="knownissues-edit"),
    path("<int:number>/status/", views.change_status, name="knownissues-status"),
    path("<int:number>/verify/", verify_views.verify, name="knownissues-verify"),
    path("<int:number>/release/", verify_views.release, name="knownissues-release"),
    path("<int:number>/github/", github_views.open_issue, name="knownissues-github-open"),
    path("<int:number>/unlink/<int:ticket>/", views.unlink, name="knownissues-unlink"),
    path(
        "<int:number>/notify-affected/", views.notify_affected, name="knownissues-notify-affected"
    ),
    path("<int:number>/bulk-answer/", views.bulk_compose, name="knownissues-bulk-compose"),
    path("<int:number>/bulk-answer/<int:pk>/", views.bulk_preview, name="knownissues-bulk"),
    path("<int:number>/bulk-answer/<int:pk>/send/", views.bulk_send, name="knownissues-bulk-send"),
]
