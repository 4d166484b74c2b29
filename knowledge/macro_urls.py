"""Macros on the desk, mounted at ``/desk/macros/``."""

from django.urls import path

from . import macro_views

urlpatterns = [
    path("", macro_views.macro_list, name="macro-list"),
    path("new/", macro_views.macro_create, name="macro-create"),
    path("<int:pk>/", macro_views.macro_edit, name="macro-edit"),
    path("<int:pk>/delete/", macro_views.macro_delete, name="macro-delete"),
    path("tickets/<int:number>/", macro_views.macro_picker, name="macro-picker"),
    path("tickets/<int:number>/render/", macro_views.macro_render, name="macro-render"),
]
