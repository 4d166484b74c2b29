from django.urls import path

from .views import portal

urlpatterns = [
    path("", portal.ticket_list, name="portal-tickets"),
    path("new/", portal.ticket_new, name="portal-new"),
    path("tickets/<int:number>/", portal.ticket_detail, name="portal-ticket"),
]
