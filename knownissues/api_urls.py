"""API routes of the known-issue tracker, included in ``helpdesk/api_urls.py``."""

from django.urls import path

from . import api

urlpatterns = [
    path("known-issues/", api.KnownIssueListView.as_view(), name="api-knownissue-list"),
    path("known-issues/signals/", api.SignalsView.as_view(), name="api-knownissue-signals"),
    path(
        "known-issues/<int:number>/",
        api.KnownIssueDetailView.as_view(),
        name="api-knownissue-detail",
    ),
    path(
        "known-issues/<int:number>/tickets/",
        api.LinkView.as_view(),
        name="api-knownissue-link",
    ),
    path(
        "known-issues/<int:number>/tickets/<int:ticket>/",
        api.UnlinkView.as_view(),
        name="api-knownissue-unlink",
    ),
    path(
        "known-issues/<int:number>/bulk-answers/",
        api.BulkAnswerCreateView.as_view(),
        name="api-knownissue-bulk-create",
    ),
    path(
        "known-issues/<int:number>/bulk-answers/<int:pk>/",
        api.BulkAnswerDetailView.as_view(),
        name="api-knownissue-bulk-detail",
    ),
    path(
        "known-issues/<int:number>/bulk-answers/<int:pk>/send/",
        api.BulkAnswerSendView.as_view(),
        name="api-knownissue-bulk-send",
    ),
]
