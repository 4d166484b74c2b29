from django.contrib import admin
from django.urls import include, path

from helpdesk.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("helpdesk.api_urls")),
    path("desk/sla/", include("sla.urls")),
    path("desk/escalation/", include("escalation.urls")),
    path("desk/tasks/", include("engineering.urls")),
    path("portal/tasks/", include("engineering.portal_urls")),
    path("desk/time/", include("timesheets.urls")),
    path("desk/known-issues/", include("knownissues.urls")),
    path("desk/guard/", include("knownissues.guard_urls")),
    path("hooks/", include("knownissues.hook_urls")),
    path("desk/kb/", include("knowledge.urls")),
    path("desk/macros/", include("knowledge.macro_urls")),
    path("help/", include("knowledge.public_urls")),
    path("satisfaction/", include("satisfaction.urls")),
    path("", include("knownissues.public_urls")),
    path("desk/tickets/<int:number>/", include("escalation.ticket_urls")),
    path("desk/teams/", include("escalation.team_urls")),
    path("desk/experts/", include("escalation.expert_urls")),
    path("desk/", include("helpdesk.notifications.urls")),
    path("", include("tickets.urls")),
]
