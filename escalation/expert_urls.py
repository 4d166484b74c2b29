"""Seed 000's Experts list, under ``/desk/experts/``."""

from django.urls import path

from . import team_views

urlpatterns = [path("", team_views.experts, name="desk-experts")]
