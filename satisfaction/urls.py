from django.urls import path

from . import views

urlpatterns = [
    # Public: the signed link of the email is the permission (no sign-in).
    path("answer/<str:token>/", views.answer, name="csat-answer"),
    path("tickets/<int:number>/", views.portal_answer, name="csat-portal-answer"),
]
