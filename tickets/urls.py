from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import attachments, common

urlpatterns = [
    path("", common.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("tickets.accounts_urls")),
    path("portal/", include("tickets.portal_urls")),
    path("desk/", include("tickets.desk_urls")),
    path(
        "attachments/<int:pk>/<str:filename>",
        attachments.download,
        name="attachment-download",
    ),
]
