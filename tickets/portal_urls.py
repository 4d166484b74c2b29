from django.urls import path

from .views import portal, scope

urlpatterns = [
    path("", portal.ticket_list, name="portal-tickets"),
    path("new/", portal.ticket_new, name="portal-new"),
    path("tickets/<int:number>/", portal.ticket_detail, name="portal-ticket"),
    path(
        "tickets/<int:number>/intake/",
        scope.ticket_intake_confirm,
        name="portal-ticket-intake-confirm",
    ),
]
