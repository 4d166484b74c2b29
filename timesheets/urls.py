"""The time pages of the desk, mounted at ``/desk/time/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_time, name="time-mine"),
    path("entries/new/", views.entry_new, name="time-entry-new"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="time-entry-edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="time-entry-delete"),
    path("timer/start/", views.timer_start, name="time-timer-start"),
    path("timer/stop/", views.timer_stop, name="time-timer-stop"),
    path("timer/discard/", views.timer_discard, name="time-timer-discard"),
    path("tickets/<int:number>/calls/", views.call_schedule, name="time-call-schedule"),
    path("calls/<int:pk>/held/", views.call_held, name="time-call-held"),
    path("calls/<int:pk>/no-show/", views.call_no_show, name="time-call-no-show"),
    path("calls/<int:pk>/cancel/", views.call_cancel, name="time-call-cancel"),
    path("tickets/<int:number>/follow-ups/", views.follow_up_new, name="time-follow-up-new"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="time-follow-up-done"),
    path("reports/", views.reports, name="time-reports"),
    path("reports/export.csv", views.reports_csv, name="time-reports-csv"),
]
