"""The desk's knowledge base, under ``/desk/kb/``."""

from django.urls import path

from .views import desk, doc_requests

urlpatterns = [
    path("", desk.article_list, name="kb-list"),
    path("new/", desk.create, name="kb-create"),
    path("search/", desk.search, name="kb-search"),
    path("doc-requests/", doc_requests.queue, name="kb-doc-requests"),
    path("doc-requests/<int:pk>/start/", doc_requests.start, name="kb-doc-request-start"),
    path("doc-requests/<int:pk>/decline/", doc_requests.decline, name="kb-doc-request-decline"),
    path("doc-requests/<int:pk>/tickets/", doc_requests.add_ticket, name="kb-doc-request-add"),
    path("<int:pk>/", desk.detail, name="kb-detail"),
    path("<int:pk>/edit/", desk.edit, name="kb-edit"),
    path("<int:pk>/transition/", desk.transition, name="kb-transition"),
    path("<int:pk>/versions/", desk.versions, name="kb-versions"),
    path("<int:pk>/versions/diff/", desk.diff, name="kb-diff"),
    path("<int:pk>/link/", desk.link, name="kb-link"),
    path("<int:pk>/unlink/<int:ticket>/", desk.unlink, name="kb-unlink"),
]
