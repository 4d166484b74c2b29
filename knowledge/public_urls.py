"""The public help centre, under ``/help/``: no sign-in."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.home, name="help-home"),
    path("search/", public.search, name="help-search"),
    path("suggest/", public.suggest, name="help-suggest"),
    path("categories/<slug:slug>/", public.category, name="help-category"),
    path("articles/<int:pk>-<slug:slug>/", public.article, name="help-article"),
    path("articles/<int:pk>/vote/", public.vote, name="help-vote"),
    path("articles/<int:pk>/solved/", public.solved, name="help-solved"),
]
