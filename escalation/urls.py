"""The leads' weekly review and the morning check, under ``/desk/escalation/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("review/", views.review, name="escalation-review"),
    path("review/<int:pk>/reviewed/", views.mark_reviewed, name="escalation-review-mark"),
    path("morning/", views.morning, name="escalation-morning"),
    path(
        "morning/<int:number>/still-looking/",
        views.still_looking,
        name="escalation-still-looking",
    ),
]
