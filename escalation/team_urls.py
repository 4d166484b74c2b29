"""The teams' queues, under ``/desk/teams/``."""

from django.urls import path

from . import team_views

urlpatterns = [
    path("", team_views.teams, name="desk-teams"),
    path("<slug:slug>/", team_views.team, name="desk-team"),
]
