"""API routes of macros, included in ``helpdesk/api_urls.py``."""

from django.urls import path

from . import macro_api

urlpatterns = [
    path("macros/", macro_api.MacroListView.as_view(), name="api-macro-list"),
    path("macros/<int:pk>/render/", macro_api.MacroRenderView.as_view(), name="api-macro-render"),
    path(
        "tickets/<int:number>/macros/<int:pk>/apply/",
        macro_api.MacroApplyView.as_view(),
        name="api-macro-apply",
    ),
]
