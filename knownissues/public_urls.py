"""The public status page, mounted at the site root: no sign-in."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("status/", public_views.status_page, name="status-page"),
    path("status.json", public_views.status_json, name="status-json"),
    path("status/feed/", public_views.status_feed, name="status-feed"),
]
