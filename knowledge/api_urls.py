"""API routes of the knowledge base, included in ``helpdesk/api_urls.py``."""

from django.urls import path

from . import api, doc_request_api

urlpatterns = [
    path("kb/articles/", api.ArticleListView.as_view(), name="api-kb-article-list"),
    path("kb/articles/<int:pk>/", api.ArticleDetailView.as_view(), name="api-kb-article-detail"),
    path(
        "kb/doc-requests/",
        doc_request_api.DocRequestListView.as_view(),
        name="api-kb-doc-request-list",
    ),
]
