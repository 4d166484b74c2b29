from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications-list"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notifications-read"),
    path("notifications/read-all/", views.mark_all_read, name="notifications-read-all"),
    path("profile/", views.profile, name="notifications-profile"),
]
