from django.contrib.auth import views as auth_views
from django.urls import path

from .views import attachments, common, desk, portal

urlpatterns = [
    path("", common.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("portal/", portal.ticket_list, name="portal-tickets"),
    path("portal/new/", portal.ticket_new, name="portal-new"),
    path("portal/tickets/<int:number>/", portal.ticket_detail, name="portal-ticket"),
    path("desk/", desk.queue, name="desk-queue"),
    path("desk/tickets/<int:number>/", desk.ticket_detail, name="desk-ticket"),
    path(
        "desk/tickets/<int:number>/transition/",
        desk.ticket_transition,
        name="desk-ticket-transition",
    ),
    path("desk/tickets/<int:number>/take/", desk.ticket_take, name="desk-ticket-take"),
    path(
        "attachments/<int:pk>/<str:filename>",
        attachments.download,
        name="attachment-download",
    ),
]
