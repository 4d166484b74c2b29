"""The leads' weekly review, the morning check and the rotas, under ``/desk/escalation/``."""

from django.urls import path

from . import rota_views, views

urlpatterns = [
    path("review/", views.review, name="escalation-review"),
    path("review/<int:pk>/reviewed/", views.mark_reviewed, name="escalation-review-mark"),
    path("rota/", rota_views.rota_page, name="escalation-rota"),
    path("morning/", views.morning, name="escalation-morning"),
    path(
        "morning/<int:number>/still-looking/",
        views.still_looking,
        name="escalation-still-looking",
    ),
]
