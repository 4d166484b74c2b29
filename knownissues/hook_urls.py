"""Inbound webhooks of other tools, mounted at ``/hooks/``: no sign-in, signed bodies."""

from django.urls import path

from . import github_views

urlpatterns = [
    path("github/", github_views.webhook, name="github-webhook"),
]
