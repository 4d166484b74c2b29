"""API routes of timesheets, included in ``helpdesk/api_urls.py`` under ``/api/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("time-entries/", api.TimeEntryListView.as_view(), name="api-time-entry-list"),
    path("time-entries/<int:pk>/", api.TimeEntryDetailView.as_view(), name="api-time-entry-detail"),
]
