from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from helpdesk.core.api_views import ObtainTokenView
from sla.views import SummaryView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("sla/summary/", SummaryView.as_view(), name="api-sla-summary"),
    path("", include("escalation.api_urls")),
    path("", include("tickets.api.urls")),
    path("", include("engineering.api.urls")),
    path("", include("timesheets.api_urls")),
    path("", include("knownissues.api_urls")),
    path("", include("knowledge.api_urls")),
    path("", include("knowledge.macro_api_urls")),
]
